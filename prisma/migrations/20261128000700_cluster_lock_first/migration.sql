-- Two loads that finish together may cluster the same partition at once. Both took the SHARE
-- lock of CREATE INDEX, then each waited for the other to upgrade to CLUSTER's ACCESS EXCLUSIVE
-- (seen: "deadlock detected"). Taking ACCESS EXCLUSIVE first makes the second one simply wait.
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
  EXECUTE format('ANALYZE store.%I', week_table);
END
$fn$;
