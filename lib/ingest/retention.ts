// Retention: whole ISO weeks older than a cutoff leave the store, trips and every aggregate of
// the week together, one short transaction per week, so at every instant a week is either fully
// present or fully gone (a killed transaction leaves it present) and answers stay exact. Region
// extents and time ranges follow, since they are read from the remaining region_weeks rows.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { dayToIsoDate, isoDateToDay, weekStartDay } from '../geo/wall-time';
import { refreshCellSpans } from './cell-spans';
import { bumpRollupVersions } from './similar-rollup';
import { readStoreSettings } from './store-settings';

/** The Monday on or before a YYYY-MM-DD date. */
export const mondayOnOrBefore = (date: string): string => dayToIsoDate(weekStartDay(isoDateToDay(date)));

/**
 * The first week kept when keeping `weeks` ISO weeks: the current week (on `today`, a
 * YYYY-MM-DD wall-clock date) and the weeks - 1 before it.
 */
export function retentionCutoff(weeks: number, today: string): string {
  return dayToIsoDate(weekStartDay(isoDateToDay(today)) - 7 * (weeks - 1));
}

/** Today's date (UTC), YYYY-MM-DD. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

// Week partitions (store.ensure_trip_partition) are named trips_r<region>_w<YYYYMMDD> in the
// 'region-week' layout, trips_w<YYYYMMDD> (every region, region_id null here) in 'week'.
export const WEEK_PARTITIONS = `
  SELECT c.relname AS name, substring(c.relname FROM '^trips_r(\\d+)_w')::int2 AS region_id,
         to_date(substring(c.relname FROM '_w(\\d{8})$'), 'YYYYMMDD')::text AS week
  FROM pg_partition_tree('store.trips') t JOIN pg_class c ON c.oid = t.relid
  WHERE t.isleaf AND c.relname ~ '^trips_(r\\d+_)?w\\d{8}$'`;

/** Weeks before `cutoff` (a Monday) that the store holds anything of, oldest first. */
export async function weeksBefore(db: pg.Pool | pg.PoolClient, cutoff: string): Promise<string[]> {
  const { rows } = await db.query<{ week: string }>(
    `SELECT week FROM (${WEEK_PARTITIONS}) p WHERE week::date < $1
     UNION SELECT week::text FROM store.region_weeks WHERE week < $1
     UNION SELECT week::text FROM store.ingestion_weeks WHERE week < $1
     ORDER BY 1`, [cutoff]);
  return rows.map((r) => r.week);
}

const WEEK_TABLES = ['store.cell_tiles', 'store.trip_groups', 'store.region_weeks', 'store.region_datasources',
  'store.ingestion_weeks', 'store.pending_cluster'];

/** Drops one week from the store in one transaction; returns the trips it held. */
export async function dropWeek(pool: pg.Pool, week: string): Promise<number> {
  return withTransaction(pool, async (client) => {
    // compaction and ingestion deletions of this week wait (compaction inserts rows a DELETE would miss)
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtext(format('compact:%s:%s', id, $1::text))) FROM (SELECT id FROM regions ORDER BY id) r`, [week]);
    const { rows: [{ trips }] } = await client.query<{ trips: number }>(
      'SELECT coalesce(sum(trips), 0)::int8 AS trips FROM store.region_weeks WHERE week = $1', [week]);
    const { rows: parts } = await client.query<{ name: string }>(
      `SELECT name FROM (${WEEK_PARTITIONS}) p WHERE week = $1 ORDER BY region_id`, [week]);
    // DROP detaches and drops at once; a load writing to it is waited for, and loses nothing
    // it committed (its aggregates of the week are deleted below, in this transaction).
    for (const p of parts) await client.query(`DROP TABLE store.${p.name}`);
    const { rows: regions } = await client.query<{ region_id: number }>('SELECT region_id FROM store.region_weeks WHERE week = $1', [week]);
    for (const table of WEEK_TABLES) await client.query(`DELETE FROM ${table} WHERE week = $1`, [week]);
    // the spans holding the week, rewritten from the weeks left
    const settings = await readStoreSettings(client);
    if (settings) await refreshCellSpans(client, settings, regions.map((r) => ({ regionId: r.region_id, week })));
    // the similar-trips rollups of the week's regions held its groups (maintenance rebuilds them);
    // last, as loads lock them last (after region_weeks)
    await bumpRollupVersions(client, regions.map((r) => r.region_id));
    return trips;
  });
}

export interface DropResult {
  cutoff: string;
  weeks: string[];
  trips: number;
}

/** Drops every week before `cutoff` (snapped to the Monday on or before it), oldest first. */
export async function dropWeeksBefore(
  pool: pg.Pool, cutoff: string, onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<DropResult> {
  const monday = mondayOnOrBefore(cutoff);
  const weeks = await weeksBefore(pool, monday);
  let trips = 0;
  for (let i = 0; i < weeks.length; i++) {
    trips += await dropWeek(pool, weeks[i]);
    await onProgress?.(i + 1, weeks.length);
  }
  return { cutoff: monday, weeks, trips };
}
