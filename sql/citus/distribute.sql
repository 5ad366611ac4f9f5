-- Distributes the Trip Atlas store over a Citus cluster (see README.md in this folder).
-- Run once with psql on the coordinator, in the app's database: after the app's migrations
-- (first start with STORE_LAYOUT=week), before any load.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sql/citus/distribute.sql
--
-- Citus distributes a partitioned table with one partition level only (citusdata/citus#4911):
-- store.trips must have the 'week' layout (RANGE (started_at) by ISO week, partitions
-- trips_w<YYYYMMDD>), not the default 'region-week' (LIST region -> RANGE week).

CREATE EXTENSION IF NOT EXISTS citus;

DO $$
BEGIN
  IF store.set_trip_layout('week') <> 'week' THEN
    RAISE EXCEPTION 'store.trips has the region-week layout (two partition levels): start the app on a new database with STORE_LAYOUT=week';
  END IF;
  IF EXISTS (SELECT 1 FROM store.region_weeks) OR EXISTS (SELECT 1 FROM store.ingestion_weeks) THEN
    RAISE EXCEPTION 'the store already holds trips: distribute it before any load';
  END IF;
END
$$;

-- Small tables every query joins with: a full copy on every node.
SELECT create_reference_table('public.regions');
SELECT create_reference_table('public.datasources');

-- Raw trips: sharded by region (hash of region_id), each shard partitioned by ISO week; the
-- week partitions store.ensure_trip_partition attaches later are distributed as they attach.
SELECT create_distributed_table('store.trips', 'region_id');

-- Every aggregate shares the trips' shards (same region, same node): a region's answers and a
-- load's or deletion's transaction of one (region, week) stay on one node. Their primary keys
-- already lead with or contain region_id, as Citus requires of unique constraints:
--   region_weeks (region_id, week), region_datasources (region_id, week, datasource_id),
--   ingestion_weeks (ingestion_id, region_id, week), pending_cluster (region_id, week, job_id);
-- cell_tiles and trip_groups are append-only partial sums without a key; cell_spans are
-- rewritten per (region, span) (lib/ingest/cell-spans.ts).
-- The write-counting triggers serve the single-node rewrite of dead aggregate space
-- (lib/ingest/reclaim.ts, which leaves distributed tables alone); Citus refuses triggers on
-- distributed tables by default, so they go first.
DROP TRIGGER IF EXISTS aggregate_write ON store.cell_tiles;
DROP TRIGGER IF EXISTS aggregate_write ON store.cell_spans;
DROP TRIGGER IF EXISTS aggregate_write ON store.trip_groups;
DROP TRIGGER IF EXISTS aggregate_write ON store.region_weeks;
DROP TRIGGER IF EXISTS aggregate_write ON store.region_datasources;
DROP TRIGGER IF EXISTS aggregate_write ON store.ingestion_weeks;
SELECT create_distributed_table('store.cell_tiles', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.cell_spans', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.trip_groups', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.region_weeks', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.region_datasources', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.ingestion_weeks', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.pending_cluster', 'region_id', colocate_with => 'store.trips');
-- the similar-trips rollups (lib/ingest/similar-rollup.ts): keys (region_id, trips, chunk), (region_id)
SELECT create_distributed_table('store.trip_group_totals', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.trip_group_rollups', 'region_id', colocate_with => 'store.trips');
SELECT create_distributed_table('store.cell_spans_backfill', 'region_id', colocate_with => 'store.trips');

-- The polygon predicate runs inside the raw-trip queries pushed down to the workers.
SELECT create_distributed_function('store.orient_sign(float8, float8, float8, float8, float8, float8)');

-- Everything else stays a local table on the coordinator: jobs, rejected rows, the ingested
-- files ledger, store settings, maintenance runs, sessions, secrets and pg-boss's queue.
