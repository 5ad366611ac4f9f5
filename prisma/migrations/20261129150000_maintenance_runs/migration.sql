-- One row per maintenance run (npm run maintain, the worker after loads and nightly): when it
-- started and finished and what it did. A run killed midway keeps finished_at NULL.
CREATE TABLE store.maintenance_runs (
  id          serial PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  summary     jsonb
);
