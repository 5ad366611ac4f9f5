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

-- The one spelling of the counting trigger: here for each table, and by reclaim.ts on the
-- fresh table it swaps in.
CREATE FUNCTION store.count_aggregate_writes(p_table regclass) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('CREATE TRIGGER aggregate_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s
                  FOR EACH STATEMENT EXECUTE FUNCTION store.note_aggregate_write()', p_table);
END
$fn$;

SELECT store.count_aggregate_writes(t) FROM unnest(ARRAY[
  'store.cell_tiles', 'store.trip_groups', 'store.cell_spans',
  'store.region_weeks', 'store.region_datasources', 'store.ingestion_weeks']::regclass[]) AS t;
