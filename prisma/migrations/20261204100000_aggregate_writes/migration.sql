-- Online rewrite of aggregate tables that compaction left mostly dead (lib/ingest/reclaim.ts).
-- Every statement writing one of them draws a number from this sequence (non-transactional):
-- a rewrite that copied a table tells, under its brief exclusive lock, whether anything wrote
-- to the table since it took its starting number, and gives up if so (nothing is lost).
CREATE SEQUENCE store.aggregate_writes;

CREATE FUNCTION store.note_aggregate_write() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM nextval('store.aggregate_writes');
  RETURN NULL;
END
$fn$;

CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON store.cell_tiles
  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write();
CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON store.trip_groups
  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write();
CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON store.cell_spans
  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write();
CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON store.region_weeks
  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write();
CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON store.region_datasources
  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write();
CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON store.ingestion_weeks
  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write();
