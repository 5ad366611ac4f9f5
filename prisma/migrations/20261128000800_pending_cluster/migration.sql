-- Partitions a committed load grew that still need rewriting in map order (CLUSTER, see
-- store.cluster_trip_partition). Written in the load's own transaction and deleted as each
-- partition is clustered, so a process killed while clustering leaves a durable to-do list that
-- the job's retry (or maintenance) finishes. Keyed by job too: concurrent loads never conflict.
CREATE TABLE store.pending_cluster (
  region_id int2 NOT NULL,
  week      date NOT NULL,
  job_id    int4 NOT NULL,
  PRIMARY KEY (region_id, week, job_id)
);
CREATE INDEX pending_cluster_job ON store.pending_cluster (job_id);
