-- A load writes the rows of a (region, week) partition that does not exist yet into a table of
-- its own, created in the load's transaction and attached at its end (lib/ingest/trip-sink.ts).
-- COPY into a table created in the same transaction skips the free space map
-- (TABLE_INSERT_SKIP_FSM), which COPY through the partitioned parent always writes: 3 pages
-- (24 kB) per partition, ~6.5 bytes/row of a 2M-row store of 530 small partitions. An
-- append-only partition has no use for it (nothing searches it for free space; VACUUM makes
-- one should deletions ever free some), and freezing and every other VACUUM duty are unchanged.

-- The staging table of a region's week for one load (idempotent within the load's transaction:
-- in the 'week' layout every region of the week shares it). Carries the partition's bounds as
-- CHECK constraints, so ATTACH PARTITION needs no scan.
CREATE FUNCTION store.create_trip_staging(p_region int2, p_week date, p_job int4) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := store.trip_partition_name(p_region, p_week);
  staging    text := week_table || '_load' || p_job;
BEGIN
  IF extract(isodow FROM p_week) <> 1 THEN
    RAISE EXCEPTION 'week % does not start on a Monday', p_week;
  END IF;
  IF to_regclass(format('store.%I', staging)) IS NULL THEN
    EXECUTE format('CREATE TABLE store.%I (LIKE store.trips, CONSTRAINT %I CHECK (started_at >= %L AND started_at < %L))',
                   staging, week_table || '_week', p_week::timestamp, (p_week + 7)::timestamp);
    IF store.trip_layout() = 'region-week' THEN
      EXECUTE format('ALTER TABLE store.%I ADD CONSTRAINT %I CHECK (region_id = %s)', staging, week_table || '_region', p_region);
    END IF;
  END IF;
  RETURN staging;
END
$fn$;

-- At the end of the load, in its transaction: the staging table becomes the partition; if
-- another load committed the partition meanwhile, its rows move there instead. Takes the lock of
-- store.ensure_trip_partition (held until the load commits, a moment later).
CREATE FUNCTION store.attach_trip_staging(p_region int2, p_week date, p_job int4) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  week_table text := store.trip_partition_name(p_region, p_week);
  staging    text := week_table || '_load' || p_job;
  parent     text := 'trips';
BEGIN
  IF to_regclass(format('store.%I', staging)) IS NULL THEN
    RETURN; -- attached already (another region of the week, 'week' layout)
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('store.trips partitions'));
  IF store.trip_layout() = 'region-week' THEN
    parent := format('trips_r%s', p_region);
    IF to_regclass(format('store.%I', parent)) IS NULL THEN
      EXECUTE format('CREATE TABLE store.%I (LIKE store.trips) PARTITION BY RANGE (started_at)', parent);
      EXECUTE format('ALTER TABLE store.trips ATTACH PARTITION store.%I FOR VALUES IN (%s)', parent, p_region);
    END IF;
  END IF;
  -- the lock ATTACH takes anyway, taken first: it also brings the catalogs up to date with
  -- partitions other loads committed while this one waited
  EXECUTE format('LOCK TABLE store.%I IN SHARE UPDATE EXCLUSIVE MODE', parent);
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    EXECUTE format('ALTER TABLE store.%I RENAME TO %I', staging, week_table);
    EXECUTE format('ALTER TABLE store.%I ATTACH PARTITION store.%I FOR VALUES FROM (%L) TO (%L)',
                   parent, week_table, p_week::timestamp, (p_week + 7)::timestamp);
  ELSE
    EXECUTE format('INSERT INTO store.%I SELECT * FROM store.%I', week_table, staging);
    EXECUTE format('DROP TABLE store.%I', staging);
  END IF;
END
$fn$;
