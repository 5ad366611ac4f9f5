// Compaction of the append-only aggregates: every ingestion appends its own partial rows, so
// after many small ingestions a key (cell_tiles: side, region, week, tile; trip_groups: region,
// bucket, week; cell_spans: side, region, span, tile) holds many rows. compactAggregates replaces the rows of each such key by ONE
// merged row with ingestion_id 0 ("compacted"), summing the counts per fine cell / per
// (origin, destination) pair. Keys with a single row keep it (and their ingestion id).
//
// Online: one short transaction per (region, week), each a single DELETE ... RETURNING feeding
// the INSERT of the merged rows, so a reader sees either the old rows or the merged ones, never
// both nor neither, and the merged row is the sum of exactly the rows it replaced. Loads only
// append (COPY takes no row locks): their rows, committed or not, are simply not among the
// deleted ones and stay as partial sums. Compactions of the same (region, week) serialise on an
// advisory lock, taken in (region, week) order.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { groupTripsSql } from '../geo/cell-key';
import { spanLockKey } from './cell-spans';

export interface CompactionResult {
  /** (region, week) pairs that had a key with more than one row */
  regionWeeks: number;
  tileRowsBefore: number;
  tileRowsAfter: number;
  groupRowsBefore: number;
  groupRowsAfter: number;
}

const CANDIDATES = `
  SELECT region_id, week::text AS week FROM store.cell_tiles GROUP BY region_id, week, side, tx, ty HAVING count(*) > 1
  UNION
  SELECT region_id, week::text FROM store.trip_groups GROUP BY region_id, week, bucket HAVING count(*) > 1
  ORDER BY 1, 2`;

// side IN (0, 1) lets the (side, region_id, tx, ty, week) index find the region's rows.
const MERGE_TILES = `
  WITH doomed AS (
    DELETE FROM store.cell_tiles
    WHERE side IN (0, 1) AND region_id = $1 AND week = $2
      AND (side, tx, ty) IN (SELECT side, tx, ty FROM store.cell_tiles WHERE side IN (0, 1) AND region_id = $1 AND week = $2
                             GROUP BY 1, 2, 3 HAVING count(*) > 1)
    RETURNING side, tx, ty, fines, fine_trips),
  fine AS (
    SELECT side, tx, ty, u.sub, sum(u.n)::int4 AS n
    FROM doomed, unnest(fines, fine_trips) AS u(sub, n) GROUP BY 1, 2, 3, 4)
  INSERT INTO store.cell_tiles (side, region_id, week, tx, ty, ingestion_id, trips, fines, fine_trips)
  SELECT side, $1, $2, tx, ty, 0, sum(n), array_agg(sub ORDER BY sub), array_agg(n ORDER BY sub)
  FROM fine GROUP BY side, tx, ty`;

const MERGE_GROUPS = `
  WITH doomed AS (
    DELETE FROM store.trip_groups
    WHERE region_id = $1 AND week = $2
      AND bucket IN (SELECT bucket FROM store.trip_groups WHERE region_id = $1 AND week = $2 GROUP BY 1 HAVING count(*) > 1)
    RETURNING bucket, origins, destinations, trips),
  pairs AS (
    SELECT bucket, u.o, u.d, sum(${groupTripsSql('u.n')})::int4 AS n
    FROM doomed, unnest(origins, destinations, trips) AS u(o, d, n) GROUP BY 1, 2, 3)
  INSERT INTO store.trip_groups (region_id, bucket, week, origins, destinations, trips, ingestion_id)
  SELECT $1, bucket, $2, array_agg(o ORDER BY o, d), array_agg(d ORDER BY o, d),
         CASE WHEN bool_and(n = 1) THEN NULL ELSE array_agg(n ORDER BY o, d) END, 0
  FROM pairs GROUP BY bucket`;

const SPAN_CANDIDATES = `
  SELECT DISTINCT region_id, weeks, span::text AS span FROM store.cell_spans
  GROUP BY region_id, weeks, span, side, tx, ty HAVING count(*) > 1 ORDER BY 1, 2, 3`;

const MERGE_SPANS = `
  WITH doomed AS (
    DELETE FROM store.cell_spans
    WHERE side IN (0, 1) AND region_id = $1 AND weeks = $2 AND span = $3
      AND (side, tx, ty) IN (SELECT side, tx, ty FROM store.cell_spans WHERE side IN (0, 1) AND region_id = $1 AND weeks = $2 AND span = $3
                             GROUP BY 1, 2, 3 HAVING count(*) > 1)
    RETURNING side, tx, ty, cells, cell_trips),
  cells AS (
    SELECT side, tx, ty, u.m, sum(u.n)::int4 AS n
    FROM doomed, unnest(cells, cell_trips) AS u(m, n) GROUP BY 1, 2, 3, 4)
  INSERT INTO store.cell_spans (side, region_id, weeks, span, tx, ty, trips, cells, cell_trips)
  SELECT side, $1, $2, $3, tx, ty, sum(n), array_agg(m ORDER BY m), array_agg(n ORDER BY m)
  FROM cells GROUP BY side, tx, ty`;

/** The rows of each span key merged into one, one transaction per (region, span), under the span's lock (cell-spans.ts). */
async function compactSpans(pool: pg.Pool): Promise<void> {
  const { rows: keys } = await pool.query<{ region_id: number; weeks: number; span: string }>(SPAN_CANDIDATES);
  for (const { region_id: region, weeks, span } of keys) {
    await withTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [spanLockKey(region, span)]);
      await client.query(MERGE_SPANS, [region, weeks, span]);
    });
  }
}

export async function compactAggregates(pool: pg.Pool): Promise<CompactionResult> {
  const count = async (table: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const [tileRowsBefore, groupRowsBefore] = [await count('store.cell_tiles'), await count('store.trip_groups')];
  const { rows: keys } = await pool.query<{ region_id: number; week: string }>(CANDIDATES);
  const client = await pool.connect();
  try {
    for (const { region_id: region, week } of keys) {
      await withTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`compact:${region}:${week}`]);
        await client.query(MERGE_TILES, [region, week]);
        await client.query(MERGE_GROUPS, [region, week]);
      });
    }
  } finally {
    client.release();
  }
  await compactSpans(pool);
  return {
    regionWeeks: keys.length, tileRowsBefore, tileRowsAfter: await count('store.cell_tiles'),
    groupRowsBefore, groupRowsAfter: await count('store.trip_groups'),
  };
}
