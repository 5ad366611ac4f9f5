// One statement with some plan shapes switched off, for statements whose row estimates are off by
// orders of magnitude in a way the planner cannot see: aggregates over unnested arrays (it expects
// ~10 elements where there are hundreds, then sorts a few hundred thousand rows, spilling to disk,
// where hashing costs less); top-N reads of the similar-trips rollups (it expects a few rows to
// pass a box filter on unnested elements, then reads and sorts them all instead of walking the
// index in size order: 320 ms against 1 ms for a city-wide box at 10M rows); parallel workers
// where the app already runs a read's parts at once, one per core (polygon reads); sequential
// scans of partitions whose BRIN the planner prices like a full read, rows in map order being
// uncorrelated with either coordinate (polygon reads of one area).
import type pg from 'pg';
import { poolWithSettings } from './pool';

/** Plan shapes that can be switched off: PostgreSQL's enable_<shape> settings, and parallel workers. */
export type PlanShape = 'sort' | 'bitmapscan' | 'seqscan' | 'parallel';

const SWITCH_OFF: Record<PlanShape, string> = {
  sort: 'enable_sort=off', bitmapscan: 'enable_bitmapscan=off', seqscan: 'enable_seqscan=off',
  parallel: 'max_parallel_workers_per_gather=0',
};

/**
 * Runs the statement on a pool beside `db` whose sessions start with these shapes off (one pool
 * per set of shapes), so the statement is all it sends: no BEGIN, SET LOCAL and COMMIT around
 * it. Those were three more statements and a round trip before it, on the way of every polygon
 * answer (its three reads each waited for their SET, up to 3-4 ms with both cores busy).
 */
export function queryWithout<R extends pg.QueryResultRow>(db: pg.Pool, shapes: PlanShape[], text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  const settings = [...new Set(shapes)].sort().map((shape) => SWITCH_OFF[shape]);
  return poolWithSettings(db, settings).query<R>(text, values);
}
