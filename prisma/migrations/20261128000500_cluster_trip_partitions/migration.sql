-- Box edge strips read raw trips through the BRIN index on the origin point. Ingestion writes
-- each partition in many sorted runs (one per COPY batch), which leaves each BRIN range
-- spanning most of a city; rewriting a partition in (latitude band, longitude) order after a
-- load makes each range a small patch of map (measured: ~15x fewer rows read per strip).

-- One page per range: with clustered partitions, finer ranges skip more.
DROP INDEX store.trips_origin_brin;
CREATE INDEX trips_origin_brin ON store.trips USING brin (origin_lon, origin_lat) WITH (pages_per_range = 1);

-- Rewrites one week partition of a region in (origin latitude band of 1/256 degree, origin
-- longitude) order. CLUSTER holds an ACCESS EXCLUSIVE lock on that one partition while it runs.
CREATE FUNCTION store.cluster_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := format('trips_r%s_w%s', p_region, to_char(p_week, 'YYYYMMDD'));
  order_index text := week_table || '_cluster_order';
BEGIN
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX %I ON store.%I ((floor(origin_lat * 256)), origin_lon)', order_index, week_table);
  EXECUTE format('CLUSTER store.%I USING %I', week_table, order_index);
  EXECUTE format('DROP INDEX store.%I', order_index);
  EXECUTE format('ANALYZE store.%I', week_table);
END
$fn$;
