-- Packed tile aggregates replace store.cell_weeks and store.fine_cell_weeks, and every stored
-- row records the ingestion (ingestion_jobs.id) that wrote it, so one ingestion can later be
-- deleted exactly and many small ingestions compacted into one set of aggregates.
--
-- The old cell tables are dropped, not converted: the store is rebuilt by re-ingesting the
-- source files (store aggregates are derived data). On an existing store, trips and trip_groups
-- keep their rows with ingestion_id 0 ("no recorded ingestion"/compacted) until re-ingested.

-- Last column: it fills the 4 bytes of alignment padding after the two int2 ids, so the tuple
-- stays 72 bytes. Partitions made later copy the parent (LIKE store.trips); ADD COLUMN on the
-- partitioned parent also adds it to the existing partitions (a constant default: no rewrite).
ALTER TABLE store.trips ADD COLUMN ingestion_id int4 NOT NULL DEFAULT 0;
ALTER TABLE store.trips ALTER COLUMN ingestion_id DROP DEFAULT;

ALTER TABLE store.trip_groups ADD COLUMN ingestion_id int4 NOT NULL DEFAULT 0;
ALTER TABLE store.trip_groups ALTER COLUMN ingestion_id DROP DEFAULT;

DROP TABLE store.cell_weeks;
DROP TABLE store.fine_cell_weeks;

-- Trips per fine cell, packed by tile. A tile is a geohash cell of precision p - 1 (p = store
-- precision; p = 1 gives a single tile), column tx and row ty; its fine cells are the geohash
-- cells of precision p + 1 inside it: 2 more geohash characters = 5 more bits of column and 5
-- of row, so 32 x 32 of them, numbered ((fx - tx * 32) * 32 + (fy - ty * 32)), 0..1023
-- (lib/geo/tile-key.ts). One row per (side 0 = origin / 1 = destination, region, ISO week,
-- tile, ingestion): `fines` are the sorted indexes of the non-empty fine cells and `fine_trips`
-- their counts; `trips` is the tile's total, so tiles lying wholly inside a box are summed
-- without reading (detoasting) the arrays. Append-only partial sums: readers sum over
-- ingestions; compaction merges the rows of a key into one with ingestion_id 0.
CREATE TABLE store.cell_tiles (
  side         int2   NOT NULL,
  region_id    int2   NOT NULL,
  week         date   NOT NULL,
  tx           int4   NOT NULL,
  ty           int4   NOT NULL,
  ingestion_id int4   NOT NULL,
  trips        int4   NOT NULL,
  fines        int2[] NOT NULL,
  fine_trips   int4[] NOT NULL
);
-- Box reads: side = s AND region_id = ANY(...) AND tx = ANY(columns) AND ty BETWEEN ...
-- AND week range: one descent per (region, column), then a short ty range with the week
-- checked in the index.
CREATE INDEX cell_tiles_tile ON store.cell_tiles (side, region_id, tx, ty, week);
