-- The trip store: raw trips partitioned by region (LIST) and ISO week (RANGE), plus the
-- aggregates that answer queries without scanning raw rows. Kept in schema "store", outside
-- schema.prisma, so Prisma never sees (or tries to drop) partitions made at run time.
-- Every key starts with or contains region_id: the column a distributed engine (Citus) would
-- shard on.
CREATE SCHEMA IF NOT EXISTS store;

-- Raw trips. Column order avoids padding: 8-byte columns first, then the two smallints.
-- Timestamps are wall-clock time exactly as given in the CSV (no zone).
CREATE TABLE store.trips (
  origin_lon    float8    NOT NULL,
  origin_lat    float8    NOT NULL,
  dest_lon      float8    NOT NULL,
  dest_lat      float8    NOT NULL,
  started_at    timestamp NOT NULL,
  region_id     int2      NOT NULL,
  datasource_id int2      NOT NULL
) PARTITION BY LIST (region_id);

-- Rows are written to each week partition in origin-cell (Z-order) runs, so a BRIN over the
-- origin point lets the boundary strips of a box skip most blocks. Costs ~nothing at load.
CREATE INDEX trips_origin_brin ON store.trips USING brin (origin_lon, origin_lat) WITH (pages_per_range = 4);

-- Per cell, per ISO week trip counts for each end of the trip (side 0 = origin, 1 = destination).
-- Cells are the geohash cells of the store precision, kept as integer column/row (x, y).
-- Append-only partial sums: each ingestion appends its own aggregated rows (no upsert, which
-- measured ~5x slower); readers sum. The same key may appear once per ingestion.
CREATE TABLE store.cell_weeks (
  side      int2 NOT NULL,
  region_id int2 NOT NULL,
  week      date NOT NULL,
  x         int4 NOT NULL,
  y         int4 NOT NULL,
  trips     int4 NOT NULL
);
CREATE INDEX cell_weeks_cell ON store.cell_weeks (side, x, y, week);

-- Similar trips: same region, origin cell, destination cell and time-of-day bucket, per ISO
-- week (the week keeps windowed answers exact). Stored packed: one row per (region, week,
-- bucket) per ingestion, holding parallel arrays of origin cell, destination cell and count
-- (cell = x * 32768 + y). One group costs 12 bytes instead of a ~60-byte row, and ingestion
-- writes a few thousand rows instead of one per group. Readers unnest and sum.
CREATE TABLE store.trip_groups (
  region_id    int2   NOT NULL,
  bucket       int2   NOT NULL,
  week         date   NOT NULL,
  origins      int4[] NOT NULL,
  destinations int4[] NOT NULL,
  trips        int4[] NOT NULL
);
CREATE INDEX trip_groups_region_week ON store.trip_groups (region_id, week);

-- Per region and week: count, time range and extent of both trip ends.
CREATE TABLE store.region_weeks (
  region_id int2      NOT NULL,
  week      date      NOT NULL,
  trips     int8      NOT NULL,
  first_at  timestamp NOT NULL,
  last_at   timestamp NOT NULL,
  min_lon   float8    NOT NULL,
  min_lat   float8    NOT NULL,
  max_lon   float8    NOT NULL,
  max_lat   float8    NOT NULL,
  PRIMARY KEY (region_id, week)
);

-- Per region and datasource: count and time range (answers the datasource questions).
CREATE TABLE store.region_datasources (
  region_id     int2      NOT NULL,
  datasource_id int2      NOT NULL,
  trips         int8      NOT NULL,
  first_at      timestamp NOT NULL,
  last_at       timestamp NOT NULL,
  PRIMARY KEY (region_id, datasource_id)
);

-- Creates (if missing) the LIST partition of a region and the RANGE partition of one ISO week.
-- New tables are attached with ATTACH PARTITION, which needs only SHARE UPDATE EXCLUSIVE on
-- the parent, so it runs (in its own short transaction) while an ingestion transaction is
-- writing to other partitions and while analysts query.
CREATE FUNCTION store.ensure_trip_partition(p_region int2, p_week date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  region_table text := format('trips_r%s', p_region);
  week_table   text := format('trips_r%s_w%s', p_region, to_char(p_week, 'YYYYMMDD'));
BEGIN
  IF extract(isodow FROM p_week) <> 1 THEN
    RAISE EXCEPTION 'week % does not start on a Monday', p_week;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('store.trips partitions'));
  IF to_regclass(format('store.%I', region_table)) IS NULL THEN
    EXECUTE format('CREATE TABLE store.%I (LIKE store.trips) PARTITION BY RANGE (started_at)', region_table);
    EXECUTE format('ALTER TABLE store.trips ATTACH PARTITION store.%I FOR VALUES IN (%s)', region_table, p_region);
  END IF;
  IF to_regclass(format('store.%I', week_table)) IS NULL THEN
    EXECUTE format('CREATE TABLE store.%I (LIKE store.trips)', week_table);
    EXECUTE format('ALTER TABLE store.%I ADD CONSTRAINT %I CHECK (region_id = %s)', week_table, week_table || '_region', p_region);
    EXECUTE format('ALTER TABLE store.%I ATTACH PARTITION store.%I FOR VALUES FROM (%L) TO (%L)',
                   region_table, week_table, p_week::timestamp, (p_week + 7)::timestamp);
  END IF;
END
$fn$;
