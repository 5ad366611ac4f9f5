-- The trips layout (STORE_LAYOUT, recorded in store_settings at the first start, fixed after):
--   'region-week' (default): LIST (region_id) -> RANGE (started_at) by ISO week, partitions
--     trips_r<region>_w<YYYYMMDD>;
--   'week': RANGE (started_at) by ISO week only, partitions trips_w<YYYYMMDD> holding every
--     region: the one partition level Citus can distribute by region_id (sql/citus/README.md).
-- Same columns either way; queries filter region_id and time, so both prune by week.

-- A store that already holds trips keeps the layout it was built with.
INSERT INTO store_settings (key, value)
SELECT 'store_layout', 'region-week'
WHERE EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'store.trips'::regclass)
ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION store.trip_layout() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT value FROM store_settings WHERE key = 'store_layout'), 'region-week')
$$;

-- The table holding a region's trips of one ISO week (whether or not it exists yet).
CREATE FUNCTION store.trip_partition_name(p_region int2, p_week date) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE store.trip_layout()
    WHEN 'week' THEN format('trips_w%s', to_char(p_week, 'YYYYMMDD'))
    ELSE format('trips_r%s_w%s', p_region, to_char(p_week, 'YYYYMMDD'))
  END
$$;

-- Records the layout unless one is recorded, and returns the recorded one. 'week' rebuilds the
-- (still partitionless) parent partitioned by week only; a store that got partitions before any
-- layout was recorded stays 'region-week'.
CREATE FUNCTION store.set_trip_layout(p_layout text) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
  stored text;
BEGIN
  IF p_layout IS NULL OR p_layout NOT IN ('region-week', 'week') THEN
    RAISE EXCEPTION 'unknown store layout % (region-week or week)', p_layout;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('store.trips partitions'));
  SELECT value INTO stored FROM store_settings WHERE key = 'store_layout';
  IF stored IS NOT NULL THEN
    RETURN stored;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'store.trips'::regclass) THEN
    p_layout := 'region-week';
  ELSIF p_layout = 'week' THEN
    CREATE TABLE store.trips_by_week (LIKE store.trips INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
      PARTITION BY RANGE (started_at);
    DROP TABLE store.trips;
    ALTER TABLE store.trips_by_week RENAME TO trips;
  END IF;
  INSERT INTO store_settings (key, value) VALUES ('store_layout', p_layout);
  RETURN p_layout;
END
$fn$;

-- Creates (if missing) the partitions holding a region's week: in 'region-week' the region's
-- LIST partition and its week; in 'week' the week's. Attached with ATTACH PARTITION (SHARE
-- UPDATE EXCLUSIVE on the parent), so loads and queries of other partitions go on.
CREATE OR REPLACE FUNCTION store.ensure_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := store.trip_partition_name(p_region, p_week);
  parent     text := 'trips';
BEGIN
  IF extract(isodow FROM p_week) <> 1 THEN
    RAISE EXCEPTION 'week % does not start on a Monday', p_week;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('store.trips partitions'));
  IF store.trip_layout() = 'region-week' THEN
    parent := format('trips_r%s', p_region);
    IF to_regclass(format('store.%I', parent)) IS NULL THEN
      EXECUTE format('CREATE TABLE store.%I (LIKE store.trips) PARTITION BY RANGE (started_at)', parent);
      EXECUTE format('ALTER TABLE store.trips ATTACH PARTITION store.%I FOR VALUES IN (%s)', parent, p_region);
    END IF;
  END IF;
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    EXECUTE format('CREATE TABLE store.%I (LIKE store.trips)', week_table);
    IF parent <> 'trips' THEN
      EXECUTE format('ALTER TABLE store.%I ADD CONSTRAINT %I CHECK (region_id = %s)', week_table, week_table || '_region', p_region);
    END IF;
    EXECUTE format('ALTER TABLE store.%I ATTACH PARTITION store.%I FOR VALUES FROM (%L) TO (%L)',
                   parent, week_table, p_week::timestamp, (p_week + 7)::timestamp);
  END IF;
END
$fn$;

-- As before, on the partition holding the region's week (in 'week': the whole week, every region).
CREATE OR REPLACE FUNCTION store.index_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := store.trip_partition_name(p_region, p_week);
BEGIN
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON store.%I USING brin (origin_lon, origin_lat) WITH (pages_per_range = 1)',
                 week_table || '_origin_brin', week_table);
END
$fn$;

CREATE OR REPLACE FUNCTION store.cluster_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := store.trip_partition_name(p_region, p_week);
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
