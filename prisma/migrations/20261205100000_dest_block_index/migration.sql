-- The destination access path (lib/geo/dest-block.ts): every trips partition of at least
-- OrganisePolicy.indexRows rows gets a B-tree on its trips' destination block when it is
-- organised, beside the BRIN on the origin. Its key depends on the store's grid, fixed by the
-- first ingestion, so the index is made by the organising code, not here. Partitions of a store
-- loaded before it existed are queued for organising (index only, no rewrite); maintenance
-- (`npm run maintain`, or the worker's schedule) makes their indexes. Job id 0: no ingestion.
INSERT INTO store.pending_cluster (region_id, week, job_id, rewrite)
SELECT region_id, week, 0, false FROM store.region_weeks WHERE trips >= 10000
ON CONFLICT (region_id, week, job_id) DO NOTHING;
