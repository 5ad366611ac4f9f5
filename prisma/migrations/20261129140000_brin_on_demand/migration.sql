-- BRIN indexes per partition, made only for partitions big enough to need one. A partitioned
-- index gave every (region, week) partition its own BRIN, at least 3 pages (24 kB) each: with
-- trips spread over a year, more than the rows' own size in small partitions, which are read
-- whole in about a millisecond anyway. Existing partitions keep an index of their own.
DO $$
DECLARE part record;
BEGIN
  FOR part IN
    SELECT c.relname FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'store' AND c.relkind = 'r' AND c.relname ~ '^trips_r[0-9]+_w[0-9]{8}$'
  LOOP
    EXECUTE format('CREATE INDEX %I ON store.%I USING brin (origin_lon, origin_lat) WITH (pages_per_range = 1)',
                   part.relname || '_origin_brin', part.relname);
  END LOOP;
END
$$;
DROP INDEX store.trips_origin_brin;

-- Pending organising work: rewrite = true rewrites the partition in one map order (CLUSTER)
-- and indexes it; false only makes its BRIN index (its sorted runs are few enough).
ALTER TABLE store.pending_cluster ADD COLUMN rewrite boolean NOT NULL DEFAULT true;

-- Makes a partition's BRIN index on the origin point if it has none (one scan, SHARE lock:
-- reads go on).
CREATE FUNCTION store.index_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := format('trips_r%s_w%s', p_region, to_char(p_week, 'YYYYMMDD'));
BEGIN
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON store.%I USING brin (origin_lon, origin_lat) WITH (pages_per_range = 1)',
                 week_table || '_origin_brin', week_table);
END
$fn$;

-- Rewrites a partition in (origin latitude band of 1/256 degree, origin longitude) order, then
-- makes sure it has its BRIN index (built on the sorted rows).
CREATE OR REPLACE FUNCTION store.cluster_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := format('trips_r%s_w%s', p_region, to_char(p_week, 'YYYYMMDD'));
  order_index text := week_table || '_cluster_order';
BEGIN
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('LOCK TABLE store.%I IN ACCESS EXCLUSIVE MODE', week_table);
  EXECUTE format('CREATE INDEX %I ON store.%I ((floor(origin_lat * 256)), origin_lon)', order_index, week_table);
  EXECUTE format('CLUSTER store.%I USING %I', week_table, order_index);
  EXECUTE format('DROP INDEX store.%I', order_index);
  PERFORM store.index_trip_partition(p_region, p_week);
  EXECUTE format('ANALYZE store.%I', week_table);
END
$fn$;
