-- Whether a trips partition has both block indexes (lib/geo/end-block.ts), so that a read lists
-- block keys only where an index reads them. Where a partition has none (one too small to index,
-- or not organised yet), the key list cost planning and a test per row for nothing: 1M realistic
-- rows (no partition indexed), destination box answers 15% faster without it, origin polygon
-- answers 7%. A hint for the plan, never for an answer: every row is still tested on its
-- coordinates. Organising sets it once the indexes exist, and a load sets it for a region new to
-- an organised partition (lib/ingest/cluster.ts); a partition's indexes are only ever dropped
-- with the partition, whose row here goes with it.
ALTER TABLE store.region_weeks ADD COLUMN block_indexed boolean NOT NULL DEFAULT false;

UPDATE store.region_weeks SET block_indexed = true
WHERE to_regclass('store.' || store.trip_partition_name(region_id, week) || '_origin_block') IS NOT NULL
  AND to_regclass('store.' || store.trip_partition_name(region_id, week) || '_dest_block') IS NOT NULL;
