-- What each ingestion wrote, per trips partition, recorded in the load's own transaction: the
-- to-do list of deleting one ingestion (only these partitions are visited), and shrunk as each
-- partition is done, so a deletion cut short is finished by its retry.
CREATE TABLE store.ingestion_weeks (
  ingestion_id int4 NOT NULL,
  region_id    int2 NOT NULL,
  week         date NOT NULL,
  trips        int8 NOT NULL,
  PRIMARY KEY (ingestion_id, region_id, week)
);
-- retention drops a week's rows
CREATE INDEX ingestion_weeks_week ON store.ingestion_weeks (week);

-- Existing loads: their rows per partition, from the trips themselves (0 = no recorded ingestion).
INSERT INTO store.ingestion_weeks (ingestion_id, region_id, week, trips)
SELECT ingestion_id, region_id, date_trunc('week', started_at)::date, count(*)
FROM store.trips WHERE ingestion_id <> 0
GROUP BY 1, 2, 3;

-- Datasources per region AND week, so dropping a week or deleting an ingestion keeps them
-- exact (a per-region row cannot tell which of its trips a week held). Rebuilt from the trips.
DROP TABLE store.region_datasources;
CREATE TABLE store.region_datasources (
  region_id     int2      NOT NULL,
  week          date      NOT NULL,
  datasource_id int2      NOT NULL,
  trips         int8      NOT NULL,
  first_at      timestamp NOT NULL,
  last_at       timestamp NOT NULL,
  PRIMARY KEY (region_id, week, datasource_id)
);
INSERT INTO store.region_datasources (region_id, week, datasource_id, trips, first_at, last_at)
SELECT region_id, date_trunc('week', started_at)::date, datasource_id, count(*), min(started_at), max(started_at)
FROM store.trips GROUP BY 1, 2, 3;

-- Retention drops whole weeks: their aggregate rows are found by week.
CREATE INDEX cell_tiles_week ON store.cell_tiles (week);
CREATE INDEX region_datasources_week ON store.region_datasources (week);
CREATE INDEX pending_cluster_week ON store.pending_cluster (week);
