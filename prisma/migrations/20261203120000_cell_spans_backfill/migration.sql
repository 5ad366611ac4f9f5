-- The spans (store.cell_spans) a store loaded before they existed still has to build from its
-- tiles: one row per (region, 16-week span). While any row is here, density reads weekly tiles
-- only (exact, slower), and a load appending its own span rows meanwhile cannot make a span look
-- built; `npm run maintain` rewrites each listed span from the tiles and removes its row in the
-- same transaction (lib/ingest/cell-spans.ts, buildPendingCellSpans).
CREATE TABLE store.cell_spans_backfill (
  region_id int2 NOT NULL,
  span      date NOT NULL,
  PRIMARY KEY (region_id, span)
);
INSERT INTO store.cell_spans_backfill (region_id, span)
SELECT DISTINCT region_id, date '1900-01-01' + ((week - date '1900-01-01') / 112) * 112
FROM store.cell_tiles;
