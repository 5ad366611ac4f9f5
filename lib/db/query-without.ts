// One statement with some plan shapes switched off (SET LOCAL enable_* = off, in a transaction of
// its own), for statements whose row estimates are off by orders of magnitude in a way the
// planner cannot see: aggregates over unnested arrays (it expects ~10 elements where there are
// hundreds, then sorts a few hundred thousand rows, spilling to disk, where hashing costs less);
// top-N reads of the similar-trips rollups (it expects a few rows to pass a box filter on
// unnested elements, then reads and sorts them all instead of walking the index in size order:
// 320 ms against 1 ms for a city-wide box at 10M rows); parallel workers where the app already
// runs a read's parts at once, one per core (polygon reads); sequential scans of partitions
// whose BRIN the planner prices like a full read, rows in map order being uncorrelated with
// either coordinate (polygon reads of one area).
import type pg from 'pg';

/** Plan shapes that can be switched off: PostgreSQL's enable_<shape> settings, and parallel workers. */
export type PlanShape = 'sort' | 'bitmapscan' | 'seqscan' | 'parallel';

const SWITCH_OFF: Record<PlanShape, string> = {
  sort: 'enable_sort = off', bitmapscan: 'enable_bitmapscan = off', seqscan: 'enable_seqscan = off',
  parallel: 'max_parallel_workers_per_gather = 0',
};

export async function queryWithout<R extends pg.QueryResultRow>(db: pg.Pool, shapes: PlanShape[], text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  const client = await db.connect();
  let result: pg.QueryResult<R>;
  try {
    // BEGIN and the settings in one round trip (a simple query may hold several statements).
    await client.query(['BEGIN', ...shapes.map((shape) => `SET LOCAL ${SWITCH_OFF[shape]}`)].join('; '));
    result = await client.query<R>(text, values);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
    throw err;
  }
  // The statement only reads and its rows are here: the caller need not wait for the COMMIT
  // (a round trip, several ms when the reads of one answer fill both cores). The client goes
  // back to the pool once it is done; a failed COMMIT discards the connection.
  client.query('COMMIT').then(() => client.release(), (err: Error) => client.release(err));
  return result;
}
