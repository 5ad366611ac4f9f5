-- The origin block index (lib/geo/end-block.ts): beside the BRIN on the origin and the B-tree on
-- the destination block, every trips partition of at least OrganisePolicy.indexRows rows gets a
-- B-tree on its trips' origin block when it is organised (a polygon's boundary band reads only
-- the blocks it crosses). Like the destination's, its key depends on the store's grid, so the
-- organising code makes it; partitions of a store loaded before it existed are queued for
-- organising (index only, no rewrite), which maintenance (`npm run maintain`, or the worker's
-- schedule) does. Job id 0: no ingestion.
INSERT INTO store.pending_cluster (region_id, week, job_id, rewrite)
SELECT region_id, week, 0, false FROM store.region_weeks WHERE trips >= 10000
ON CONFLICT (region_id, week, job_id) DO NOTHING;
