// Deleting one ingestion: its trips and everything derived from them, so that every answer
// equals never having ingested the file. Visits only the partitions the load recorded in
// store.ingestion_weeks, one short transaction per (region, week), in sorted order:
//   - compaction's advisory lock of the (region, week), then a SHARE ROW EXCLUSIVE lock on the
//     trips partition (waits for loads writing to it to commit, keeps new ones out; reads go on);
//   - DELETE of its trips, RETURNING them: their contribution is recomputed with the writer's
//     own cell math (trip-cells.ts, tile-key.ts, cell-key.ts);
//   - its own partial aggregate rows are deleted; what remains of its contribution was merged
//     by compaction into the ingestion_id 0 rows and is subtracted from them; the week's
//     cell spans are rewritten from the tiles left (cell-spans.ts);
//   - region_weeks (trips minus n; times and extents from the remaining trips; gone at 0) and
//     region_datasources of that week are recomputed from the partition's remaining trips of
//     the region (in the 'week' layout one partition holds every region's week);
//   - the region's similar-trips rollup is marked stale (similar-rollup.ts; maintenance rebuilds);
//   - its ingestion_weeks row goes: the list of what is left to do.
// Each transaction leaves the store exact (aggregates = the trips present), and a deletion cut
// short is finished by running it again. The last transaction deletes the ingested_files row (the
// file may be ingested again) together with the caller's bookkeeping (`finish`).
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { cellKey, groupTripsAt, groupTripsText } from '../geo/cell-key';
import { subIndex, tileOf } from '../geo/tile-key';
import { refreshCellSpans } from './cell-spans';
import { copyText, joinLines } from './copy-text';
import { ingestionWeeks, type IngestionWeek } from './ingestion-weeks';
import { bumpRollupVersions } from './similar-rollup';
import { readStoreSettings, type StoreSettings } from './store-settings';
import { bucketOf, endCells } from './trip-cells';

export interface DeletionOptions {
  /** after each partition's transaction committed */
  onPartition?: (done: number, total: number) => Promise<void> | void;
  /** in the last transaction, with the ingested_files row deleted (e.g. the job's status) */
  finish?: (client: pg.PoolClient) => Promise<void>;
}

export interface DeletionResult {
  partitions: number;
  trips: number;
}

/** Thrown when the aggregates do not hold what the ingestion's trips say they should. */
export class StoreInconsistentError extends Error {}

export async function deleteIngestionData(pool: pg.Pool, ingestionId: number, opts: DeletionOptions = {}): Promise<DeletionResult> {
  const settings = await readStoreSettings(pool);
  const weeks = await ingestionWeeks(pool, ingestionId);
  let trips = 0;
  for (let i = 0; i < weeks.length; i++) {
    trips += await withTransaction(pool, (client) => deletePartition(client, settings!, ingestionId, weeks[i]));
    await opts.onPartition?.(i + 1, weeks.length);
  }
  await withTransaction(pool, async (client) => {
    await client.query('DELETE FROM ingested_files WHERE job_id = $1', [ingestionId]);
    await opts.finish?.(client);
  });
  return { partitions: weeks.length, trips };
}

type TripRow = [number, number, number, number, number, number]; // o lon, o lat, d lon, d lat, datasource, minute of day

async function deletePartition(client: pg.PoolClient, settings: StoreSettings, ingestionId: number, w: IngestionWeek): Promise<number> {
  const { regionId, week } = w;
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`compact:${regionId}:${week}`]);
  const { rows: [{ name }] } = await client.query<{ name: string | null }>(
    `SELECT to_regclass('store.' || store.trip_partition_name($1::int2, $2::date))::text AS name`, [regionId, week]);
  let n = 0;
  if (name) {
    await client.query(`LOCK TABLE ${name} IN SHARE ROW EXCLUSIVE MODE`);
    const { rows } = await client.query<TripRow>({
      text: `DELETE FROM ${name} WHERE ingestion_id = $1 AND region_id = $2
             RETURNING origin_lon, origin_lat, dest_lon, dest_lat, datasource_id,
                       (extract(hour FROM started_at) * 60 + extract(minute FROM started_at))::int`,
      values: [ingestionId, regionId], rowMode: 'array',
    });
    n = rows.length;
    if (n) {
      const c = contribution(settings, rows);
      await subtractTiles(client, regionId, week, ingestionId, c.tiles);
      await subtractGroups(client, regionId, week, ingestionId, c.groups);
      await refreshCellSpans(client, settings, [{ regionId, week }]);
      await recomputeRegionWeek(client, name, regionId, week, n);
      await bumpRollupVersions(client, [regionId]); // its similar-trips rollup held these trips
    }
  }
  // (a partition already dropped by retention took the ingestion's aggregates with it)
  await client.query('DELETE FROM store.ingestion_weeks WHERE ingestion_id = $1 AND region_id = $2 AND week = $3', [ingestionId, regionId, week]);
  return n;
}

/** counts per fine cell of each (side, tile), and per (origin, destination) cell pair of each bucket */
interface Contribution {
  tiles: Map<string, Map<number, number>>;
  groups: Map<number, Map<string, number>>;
}

function contribution(settings: StoreSettings, rows: TripRow[]): Contribution {
  const tiles = new Map<string, Map<number, number>>();
  const groups = new Map<number, Map<string, number>>();
  const add = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const [oLon, oLat, dLon, dLat, , minute] of rows) {
    const e = endCells(settings, oLon, oLat, dLon, dLat);
    for (const [side, fx, fy] of [[0, e.fox, e.foy], [1, e.fdx, e.fdy]]) {
      const [tx, ty] = tileOf(fx, fy);
      const key = `${side}|${tx}|${ty}`;
      if (!tiles.has(key)) tiles.set(key, new Map());
      add(tiles.get(key)!, subIndex(fx, fy));
    }
    const bucket = bucketOf(minute, settings.bucketMinutes);
    if (!groups.has(bucket)) groups.set(bucket, new Map());
    add(groups.get(bucket)!, `${cellKey(e.ox, e.oy)}|${cellKey(e.dx, e.dy)}`);
  }
  return { tiles, groups };
}

/** Takes `counts` off `from` (both keyed alike); a count going below zero means a broken store. */
function takeOff<K>(from: Map<K, number>, counts: Iterable<[K, number]>, what: string): void {
  for (const [k, n] of counts) {
    const left = (from.get(k) ?? 0) - n;
    if (left < 0) throw new StoreInconsistentError(`${what}: more trips to remove than stored`);
    if (left === 0) from.delete(k);
    else from.set(k, left);
  }
}

const zip = <A, B>(a: A[], b: B[]): [A, B][] => a.map((x, i) => [x, b[i]]);

async function subtractTiles(client: pg.PoolClient, regionId: number, week: string, ingestionId: number, tiles: Contribution['tiles']): Promise<void> {
  const where = `side IN (0, 1) AND region_id = $1 AND week = $2`;
  const own = await client.query<{ side: number; tx: number; ty: number; fines: number[]; fine_trips: number[] }>(
    `DELETE FROM store.cell_tiles WHERE ${where} AND ingestion_id = $3 RETURNING side, tx, ty, fines, fine_trips`,
    [regionId, week, ingestionId]);
  // The ingestion's own rows hold its whole contribution to their keys: take them off.
  for (const r of own.rows) {
    const key = `${r.side}|${r.tx}|${r.ty}`;
    const left = tiles.get(key) ?? new Map<number, number>();
    takeOff(left, zip(r.fines, r.fine_trips), `cell tile ${key}`);
    if (left.size) tiles.set(key, left); else tiles.delete(key);
  }
  if (!tiles.size) return;
  // The rest was merged into the compacted rows (ingestion_id 0) of those keys.
  const keys = [...tiles.keys()].map((k) => k.split('|').map(Number));
  const merged = await client.query<{ side: number; tx: number; ty: number; fines: number[]; fine_trips: number[] }>(
    `DELETE FROM store.cell_tiles WHERE ${where} AND ingestion_id = 0
       AND (side, tx, ty) IN (SELECT * FROM unnest($3::int2[], $4::int4[], $5::int4[]))
     RETURNING side, tx, ty, fines, fine_trips`,
    [regionId, week, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])]);
  const stored = new Map<string, Map<number, number>>();
  for (const r of merged.rows) {
    const key = `${r.side}|${r.tx}|${r.ty}`;
    const m = stored.get(key) ?? new Map<number, number>();
    for (const [sub, n] of zip(r.fines, r.fine_trips)) m.set(sub, (m.get(sub) ?? 0) + n);
    stored.set(key, m);
  }
  const lines: string[] = [];
  for (const [key, counts] of tiles) {
    const m = stored.get(key) ?? new Map<number, number>();
    takeOff(m, counts, `cell tile ${key}`);
    stored.set(key, m);
  }
  for (const [key, m] of stored) {
    if (!m.size) continue;
    const [side, tx, ty] = key.split('|');
    const subs = [...m.keys()].sort((a, b) => a - b);
    const total = subs.reduce((s, sub) => s + m.get(sub)!, 0);
    lines.push(`${side}\t${regionId}\t${week}\t${tx}\t${ty}\t0\t${total}\t{${subs.join(',')}}\t{${subs.map((s) => m.get(s)).join(',')}}\n`);
  }
  if (lines.length) {
    await copyText(client, 'COPY store.cell_tiles (side, region_id, week, tx, ty, ingestion_id, trips, fines, fine_trips) FROM STDIN', joinLines(lines));
  }
}

async function subtractGroups(client: pg.PoolClient, regionId: number, week: string, ingestionId: number, groups: Contribution['groups']): Promise<void> {
  const own = await client.query<{ bucket: number; origins: number[]; destinations: number[]; trips: number[] | null }>(
    `DELETE FROM store.trip_groups WHERE region_id = $1 AND week = $2 AND ingestion_id = $3 RETURNING bucket, origins, destinations, trips`,
    [regionId, week, ingestionId]);
  const pairs = (r: { origins: number[]; destinations: number[]; trips: number[] | null }): [string, number][] =>
    r.origins.map((o, i) => [`${o}|${r.destinations[i]}`, groupTripsAt(r.trips, i)]);
  for (const r of own.rows) {
    const left = groups.get(r.bucket) ?? new Map<string, number>();
    takeOff(left, pairs(r), `trip groups of bucket ${r.bucket}`);
    if (left.size) groups.set(r.bucket, left); else groups.delete(r.bucket);
  }
  if (!groups.size) return;
  const merged = await client.query<{ bucket: number; origins: number[]; destinations: number[]; trips: number[] | null }>(
    `DELETE FROM store.trip_groups WHERE region_id = $1 AND week = $2 AND ingestion_id = 0 AND bucket = ANY($3::int2[])
     RETURNING bucket, origins, destinations, trips`,
    [regionId, week, [...groups.keys()]]);
  const stored = new Map<number, Map<string, number>>();
  for (const r of merged.rows) {
    const m = stored.get(r.bucket) ?? new Map<string, number>();
    for (const [k, n] of pairs(r)) m.set(k, (m.get(k) ?? 0) + n);
    stored.set(r.bucket, m);
  }
  const lines: string[] = [];
  for (const [bucket, counts] of groups) {
    const m = stored.get(bucket) ?? new Map<string, number>();
    takeOff(m, counts, `trip groups of bucket ${bucket}`);
    stored.set(bucket, m);
  }
  for (const [bucket, m] of stored) {
    if (!m.size) continue;
    // sorted by (origin, destination), as compaction writes them
    const od = [...m.keys()].map((k) => k.split('|').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const col = (f: (p: number[]) => number) => `{${od.map(f).join(',')}}`;
    lines.push(`${regionId}\t${bucket}\t${week}\t${col((p) => p[0])}\t${col((p) => p[1])}\t${groupTripsText(od.map((p) => m.get(`${p[0]}|${p[1]}`)!))}\t0\n`);
  }
  if (lines.length) {
    await copyText(client, 'COPY store.trip_groups (region_id, bucket, week, origins, destinations, trips, ingestion_id) FROM STDIN', joinLines(lines));
  }
}

/**
 * region_weeks: trips minus the n deleted, first/last trip and extents from the remaining trips
 * (the row goes when none remain); region_datasources of the week from the remaining trips.
 * The partition is locked against writers, so its remaining trips are all there is.
 */
async function recomputeRegionWeek(client: pg.PoolClient, partition: string, regionId: number, week: string, n: number): Promise<void> {
  const { rows } = await client.query<{ datasource_id: number | null; trips: number; first_at: string; last_at: string;
    min_lon: number; min_lat: number; max_lon: number; max_lat: number }>(
    `SELECT datasource_id, count(*)::int8 AS trips, min(started_at) AS first_at, max(started_at) AS last_at,
            min(least(origin_lon, dest_lon)) AS min_lon, min(least(origin_lat, dest_lat)) AS min_lat,
            max(greatest(origin_lon, dest_lon)) AS max_lon, max(greatest(origin_lat, dest_lat)) AS max_lat
     FROM ${partition} WHERE region_id = $1 GROUP BY GROUPING SETS ((datasource_id), ())`, [regionId]);
  const all = rows.find((r) => r.datasource_id === null);
  if (!all || all.trips === 0) {
    await client.query('DELETE FROM store.region_weeks WHERE region_id = $1 AND week = $2', [regionId, week]);
  } else {
    await client.query(
      `UPDATE store.region_weeks SET trips = trips - $3, first_at = $4, last_at = $5,
         min_lon = $6, min_lat = $7, max_lon = $8, max_lat = $9
       WHERE region_id = $1 AND week = $2`,
      [regionId, week, n, all.first_at, all.last_at, all.min_lon, all.min_lat, all.max_lon, all.max_lat]);
  }
  const per = rows.filter((r) => r.datasource_id !== null);
  await client.query('DELETE FROM store.region_datasources WHERE region_id = $1 AND week = $2', [regionId, week]);
  if (per.length) {
    await client.query(
      `INSERT INTO store.region_datasources (region_id, week, datasource_id, trips, first_at, last_at)
       SELECT $1, $2, * FROM unnest($3::int2[], $4::int8[], $5::timestamp[], $6::timestamp[])`,
      [regionId, week, per.map((r) => r.datasource_id), per.map((r) => r.trips), per.map((r) => r.first_at), per.map((r) => r.last_at)]);
  }
}
