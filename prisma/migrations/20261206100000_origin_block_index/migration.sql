-- The origin block index (lib/geo/end-block.ts): beside the BRIN on the origin and the B-tree on
-- the destination block, every trips partition of at least OrganisePolicy.indexRows rows gets a
-- B-tree on its trips' origin block when it is organised (a polygon's boundary band reads only
-- the blocks it crosses). Like the destination's, its key depends on the store's grid, so the
-- organising code makes it; partitions indexed before it existed (those with the origin BRIN)
-- are queued for organising (index only, no rewrite), which maintenance (`npm run maintain`, or
-- the worker's schedule) does; until then polygon reads take them the old way. Job id 0: no
-- ingestion.
INSERT INTO store.pending_cluster (region_id, week, job_id, rewrite)
SELECT region_id, week, 0, false FROM store.region_weeks
WHERE to_regclass('store.' || store.trip_partition_name(region_id, week) || '_origin_brin') IS NOT NULL
ON CONFLICT (region_id, week, job_id) DO NOTHING;
