-- Sorted runs per trips partition: each load batch writes its rows to a partition as one run in
-- map order, so a partition is a few ordered runs; it is rewritten in one order (CLUSTER) only
-- once it gathered more runs than the organise policy allows. Partitions of existing stores
-- were clustered after their loads: one run each.
ALTER TABLE store.region_weeks ADD COLUMN runs int4 NOT NULL DEFAULT 1;
ALTER TABLE store.region_weeks ALTER COLUMN runs SET DEFAULT 0;
