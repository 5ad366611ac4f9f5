// Maintenance of the store, run by `npm run maintain`, by the worker after loads and on its
// nightly schedule: every step is online (reads and loads go on) and safe to cut short (a
// killed run leaves nothing half done; the next run picks up what is left).
//   0. retention: whole ISO weeks before the cutoff dropped (retention.ts), when one is given;
//   1. rolling up: the similar-trips rollups of regions changed since they were built
//      (similar-rollup.ts; also builds them for a store loaded before they existed). First:
//      until then those regions' similar trips are summed from their weeks (slow), and
//      compaction changes no sum (after a 1M-row load into 10M rows it took ~30 s);
//   2. compaction: the partial aggregates of many ingestions merged into one row per key;
//   3. organising: partitions due for a rewrite in map order or their indexes (pending_cluster:
//      a BRIN on the origin, a B-tree on the destination block), then analysed;
//   4. cell spans (cell-spans.ts) built where a store loaded before they existed lacks them;
//   5. reclaiming: aggregate tables left mostly dead by compaction are rewritten online
//      (reclaim.ts), so many small loads end up the size of one;
//   6. VACUUM (ANALYZE) of the aggregate tables: compaction leaves their replaced rows dead, and
//      reads slowed down by up to 2x until autovacuum came by; plain VACUUM blocks no one.
// Each run is recorded in store.maintenance_runs (what it did, when it finished).
import pMap from 'p-map';
import type pg from 'pg';
import { DATABASE_PARALLELISM } from '../db/parallelism';
import { finishPendingClustering } from './cluster';
import { buildPendingCellSpans } from './cell-spans';
import { compactAggregates, type CompactionResult } from './compact';
import { reclaimDeadSpace, type ReclaimResult } from './reclaim';
import { dropWeeksBefore, type DropResult } from './retention';
import { buildStaleRollups } from './similar-rollup';
import { readStoreSettings } from './store-settings';

export type MaintenanceStep = 'dropping' | 'compacting' | 'rolling-up' | 'organising' | 'building spans' | 'reclaiming' | 'analysing';

export interface MaintenanceResult {
  runId: number;
  /** weeks dropped by retention (none without a cutoff) */
  retention: DropResult | null;
  compaction: CompactionResult;
  /** regions whose similar-trips rollup was (re)built */
  rolledUp: number;
  /** partitions rewritten in map order or indexed */
  organised: number;
  /** long cell spans built where they were missing (a store loaded before they existed) */
  spansBuilt: number;
  /** aggregate tables rewritten to give back the space compaction left dead */
  reclaimed: ReclaimResult;
  seconds: number;
}

export interface MaintenanceOptions {
  /** drop the ISO weeks before this date (snapped to the Monday on or before it); see retentionCutoff */
  dropBefore?: string;
  onProgress?: (step: MaintenanceStep, done: number, total: number) => void;
}

const AGGREGATE_TABLES = ['store.cell_tiles', 'store.cell_spans', 'store.trip_groups', 'store.region_weeks', 'store.region_datasources',
  'store.ingestion_weeks', 'store.trip_group_totals', 'store.trip_group_rollups'];

export async function runMaintenance(pool: pg.Pool, opts: MaintenanceOptions = {}): Promise<MaintenanceResult> {
  const started = performance.now();
  const { rows: [{ id: runId }] } = await pool.query<{ id: number }>(
    'INSERT INTO store.maintenance_runs DEFAULT VALUES RETURNING id');
  const retention = opts.dropBefore
    ? await dropWeeksBefore(pool, opts.dropBefore, (done, total) => opts.onProgress?.('dropping', done, total))
    : null;
  const rolledUp = await buildStaleRollups(pool, (done, total) => opts.onProgress?.('rolling-up', done, total));
  opts.onProgress?.('compacting', 0, 1);
  const compaction = await compactAggregates(pool);
  opts.onProgress?.('compacting', 1, 1);
  const organised = await finishPendingClustering(pool, { onProgress: (done, total) => opts.onProgress?.('organising', done, total) });
  const spansBuilt = await buildPendingCellSpans(pool, await readStoreSettings(pool), (done, total) => opts.onProgress?.('building spans', done, total));
  const reclaimed = await reclaimDeadSpace(pool, { onProgress: (done, total) => opts.onProgress?.('reclaiming', done, total) });
  let analysed = 0;
  opts.onProgress?.('analysing', 0, AGGREGATE_TABLES.length);
  // one table per connection, DATABASE_PARALLELISM at once: each VACUUM runs on one core
  await pMap(AGGREGATE_TABLES, async (table) => {
    await pool.query(`VACUUM (ANALYZE) ${table}`);
    opts.onProgress?.('analysing', ++analysed, AGGREGATE_TABLES.length);
  }, { concurrency: DATABASE_PARALLELISM });
  const result = { runId, retention, compaction, rolledUp, organised: organised.length, spansBuilt, reclaimed, seconds: (performance.now() - started) / 1000 };
  await pool.query(
    'UPDATE store.maintenance_runs SET finished_at = clock_timestamp(), summary = $2 WHERE id = $1',
    [runId, JSON.stringify({ retention, compaction, rolledUp, organised: result.organised, spansBuilt, reclaimed, seconds: result.seconds })]);
  return result;
}

/** The last finished maintenance run, or null. */
export async function lastMaintenance(db: pg.Pool): Promise<{ finishedAt: string; summary: unknown } | null> {
  const { rows } = await db.query<{ finished_at: string; summary: unknown }>(
    'SELECT finished_at, summary FROM store.maintenance_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1');
  return rows[0] ? { finishedAt: rows[0].finished_at, summary: rows[0].summary } : null;
}
