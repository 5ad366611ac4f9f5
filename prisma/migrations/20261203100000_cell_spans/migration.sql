-- Trips per store cell summed over spans of 16 ISO weeks, so that a density answer over a long
-- window reads a few span rows per tile instead of one row per week (a year: 53 rows of up to
-- 1024 fine cells each). Partial sums like cell_tiles: each ingestion appends its own rows (in
-- its transaction), compaction merges a key's rows, and deletion of an ingestion and retention
-- rewrite the spans they touch from the tiles left (lib/ingest/cell-spans.ts). `npm run
-- maintain` builds the spans missing on a store loaded before this migration.
--
-- Spans start on Mondays a multiple of `weeks` (16) weeks after 1900-01-01 (a Monday). Rows per
-- (side, region, weeks, span, tile[, load]), tile = geohash p - 1 as in cell_tiles; `cells` are
-- the store cells (precision p) holding trips, each numbered by the sub-index (tile-key.ts) of
-- its first fine cell, ascending; `cell_trips` their counts; `trips` the row's total.
CREATE TABLE store.cell_spans (
  side       int2   NOT NULL,
  region_id  int2   NOT NULL,
  weeks      int2   NOT NULL,
  span       date   NOT NULL,
  tx         int4   NOT NULL,
  ty         int4   NOT NULL,
  trips      int4   NOT NULL,
  cells      int2[] NOT NULL,
  cell_trips int4[] NOT NULL
);
CREATE INDEX cell_spans_tile ON store.cell_spans (side, region_id, weeks, span, tx, ty);

-- The 4 x 4 block sums of dense tile rows served density at store precision; the spans do that
-- now (a window's edges, at most 8 weeks each side, still read the fines). At 2M realistic rows
-- they cost 1.5 bytes a row, more than the spans.
ALTER TABLE store.cell_tiles DROP COLUMN block_sums;
DROP FUNCTION store.tile_block_sums(int2[], int4[]);
