-- Similar trips over the whole store (the default window) from a rollup instead of a year of
-- trip_groups. Per region, the groups of two or more trips summed over all weeks, at the store's
-- precision and bucket (lib/ingest/similar-rollup.ts). Only groups of >= 2 trips: a year of
-- realistic data holds ~9 distinct groups per 10 trips, 1 in 10 of them >= 2. A chunk holds
-- groups of one size (the count is a column, not an array) in origin order, with the extent of
-- its origins: a top K reads the largest sizes first and a box only the chunks it meets.
CREATE TABLE store.trip_group_totals (
  region_id    int2   NOT NULL,
  trips        int4   NOT NULL, -- every group of the chunk has this many trips
  chunk        int4   NOT NULL, -- 0, 1, ... within (region, trips), in origin order
  ox0          int4   NOT NULL, -- origin cell columns and rows, min and max
  ox1          int4   NOT NULL,
  oy0          int4   NOT NULL,
  oy1          int4   NOT NULL,
  origins      int4[] NOT NULL, -- cell keys (lib/geo/cell-key.ts), ascending
  destinations int4[] NOT NULL,
  buckets      int2[] NOT NULL,
  PRIMARY KEY (region_id, trips, chunk)
);

-- Whether a region's rollup is current: every writer of the region's trip_groups sums (a load,
-- deleting an ingestion, retention) bumps `version` in its own transaction; a build records the
-- version it read in the same snapshot as the sums. built = version: the rollup is exact, else
-- readers sum trip_groups as before until maintenance rebuilds it. (Compaction keeps the sums.)
CREATE TABLE store.trip_group_rollups (
  region_id     int2 PRIMARY KEY,
  version       int8 NOT NULL DEFAULT 0,
  built_version int8
);
