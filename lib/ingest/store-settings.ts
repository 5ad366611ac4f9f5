// The store's grouping settings (cell precision, time-of-day bucket) are fixed by the first
// ingestion: aggregates built with different settings could not be added together.
import type pg from 'pg';
import { fineGridOf, makeGrid, type Grid } from '../geo/cells';

export interface StoreSettings {
  grid: Grid;
  /** one level finer than grid (the fine cells packed in store.cell_tiles) */
  fine: Grid;
  bucketMinutes: number;
}

function validateBucketMinutes(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1 || 1440 % minutes !== 0) {
    throw new RangeError('time bucket must be a whole number of minutes that divides 24 hours');
  }
  return minutes;
}

/** Reads the store settings, recording `wanted` first if the store has none yet. */
export async function ensureStoreSettings(
  db: pg.Pool | pg.PoolClient,
  wanted: { precision: number; bucketMinutes: number },
): Promise<StoreSettings> {
  makeGrid(wanted.precision);
  validateBucketMinutes(wanted.bucketMinutes);
  await db.query(
    `INSERT INTO store_settings (key, value) VALUES ('cell_precision', $1), ('bucket_minutes', $2)
     ON CONFLICT (key) DO NOTHING`,
    [String(wanted.precision), String(wanted.bucketMinutes)],
  );
  const stored = await readStoreSettings(db);
  if (!stored) throw new Error('store settings missing');
  return stored;
}

export async function readStoreSettings(db: pg.Pool | pg.PoolClient): Promise<StoreSettings | null> {
  const { rows } = await db.query<{ key: string; value: string }>('SELECT key, value FROM store_settings');
  const map = new Map(rows.map((r) => [r.key, Number(r.value)]));
  if (!map.has('cell_precision') || !map.has('bucket_minutes')) return null;
  const grid = makeGrid(map.get('cell_precision')!);
  return { grid, fine: fineGridOf(grid), bucketMinutes: map.get('bucket_minutes')! };
}
