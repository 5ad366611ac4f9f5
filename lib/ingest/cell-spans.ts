// store.cell_spans: trips per store cell of each tile over spans of 4 and 16 ISO weeks (see the
// migration 20261203100000_cell_spans). Derived from store.cell_tiles: every writer that changes
// the tiles of some (region, week)s rewrites the spans holding them in its own transaction
// (refreshCellSpans), so readers see spans and tiles from one snapshot, always in agreement.
// Compaction merges rows without changing a sum: it leaves the spans alone.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { cellMaskOf, tileGridOf } from '../geo/tile-key';
import { dayToIsoDate, isoDateToDay } from '../geo/wall-time';
import type { StoreSettings } from './store-settings';

/** Span lengths in weeks, longest first; each divides the next longer one. */
export const SPAN_WEEKS = [16, 4] as const;
const SHORT = 4;
const LONG = 16;
/** Spans are aligned on multiples of their length from this Monday (before any storable week). */
const EPOCH_DAY = isoDateToDay('1900-01-01');

/** The Monday starting the `weeks`-week span that holds the week starting `monday`. */
export function spanOf(monday: string, weeks: number): string {
  const day = isoDateToDay(monday);
  return dayToIsoDate(day - ((day - EPOCH_DAY) % (7 * weeks)));
}

export interface WindowCover {
  /** whole spans to add */
  spans: { weeks: number; from: string }[];
  /** single weeks to add, as [from, to) ranges of Mondays */
  weeks: [string, string][];
  /** single weeks to take off (those of the spans lying outside the window), as ranges */
  minus: [string, string][];
}

/** [from, to) from the left: the longest aligned span that starts at the cursor and fits, else one week. */
function greedyCover(from: number, to: number): Pick<WindowCover, 'spans' | 'weeks'> {
  const cover: Pick<WindowCover, 'spans' | 'weeks'> = { spans: [], weeks: [] };
  let day = from;
  while (day < to) {
    const weeks = SPAN_WEEKS.find((w) => (day - EPOCH_DAY) % (7 * w) === 0 && day + 7 * w <= to);
    if (weeks) {
      cover.spans.push({ weeks, from: dayToIsoDate(day) });
      day += 7 * weeks;
    } else {
      addWeek(cover.weeks, day);
      day += 7;
    }
  }
  return cover;
}

function addWeek(ranges: [string, string][], day: number): void {
  const last = ranges.at(-1);
  if (last && last[1] === dayToIsoDate(day)) last[1] = dayToIsoDate(day + 7);
  else ranges.push([dayToIsoDate(day), dayToIsoDate(day + 7)]);
}

/**
 * The window [from, to) (Mondays) as aligned spans plus or minus single weeks, reading as few
 * single weeks as possible: an edge that ends r weeks into a short span either adds those r
 * weeks or takes the whole span and subtracts the other SHORT - r. Weeks outside `data` (the
 * store's weeks, when known) hold nothing and cost nothing to subtract.
 */
export function coverWindow(from: string, to: string, data?: { from: string; to: string }): WindowCover {
  const [a, b] = [isoDateToDay(from), isoDateToDay(to)];
  const span = 7 * SHORT;
  const down = a - ((a - EPOCH_DAY) % span);
  const up = b + ((span - ((b - EPOCH_DAY) % span)) % span);
  const [d0, d1] = data ? [isoDateToDay(data.from), isoDateToDay(data.to)] : [-Infinity, Infinity];
  const cost = (ranges: [string, string][]) => ranges.reduce((n, [x, y]) => {
    const lo = Math.max(isoDateToDay(x), d0);
    const hi = Math.min(isoDateToDay(y), d1);
    return n + Math.max(0, (hi - lo) / 7);
  }, 0);
  let best: (WindowCover & { cost: number }) | null = null;
  for (const start of [a, down]) {
    for (const end of [b, up]) {
      const minus: [string, string][] = [];
      for (let d = start; d < a; d += 7) addWeek(minus, d);
      for (let d = b; d < end; d += 7) addWeek(minus, d);
      const cover = { ...greedyCover(start, end), minus };
      const c = cost(cover.weeks) + cost(minus);
      if (!best || c < best.cost) best = { ...cover, cost: c };
    }
  }
  const { spans, weeks, minus } = best!;
  return { spans, weeks, minus };
}

// Short spans from the tiles: the fine cells' counts summed per store cell (sub & $3).
// The DELETE and the INSERT share one snapshot: the DELETE sees only the old span rows.
const REFRESH_SHORT = `
  WITH k AS (SELECT DISTINCT * FROM unnest($1::int2[], $2::date[]) AS k(region_id, span)),
  gone AS (DELETE FROM store.cell_spans s USING k WHERE s.side IN (0, 1) AND s.region_id = k.region_id AND s.weeks = ${SHORT} AND s.span = k.span),
  fine AS (
    SELECT t.side, t.region_id, t.week, t.tx, t.ty, unnest(t.fines)::int4 & $3::int4 AS m, unnest(t.fine_trips) AS n
    FROM store.cell_tiles t
    WHERE t.side IN (0, 1) AND t.region_id = ANY($1::int2[]) AND t.week >= $4::date AND t.week < $5::date),
  cells AS (
    SELECT f.side, f.region_id, k.span, f.tx, f.ty, f.m, sum(f.n)::int4 AS n
    FROM fine f JOIN k ON k.region_id = f.region_id AND f.week >= k.span AND f.week < k.span + ${7 * SHORT}
    GROUP BY 1, 2, 3, 4, 5, 6)
  INSERT INTO store.cell_spans (side, region_id, weeks, span, tx, ty, trips, cells, cell_trips)
  SELECT side, region_id, ${SHORT}, span, tx, ty, sum(n), array_agg(m::int2 ORDER BY m), array_agg(n ORDER BY m)
  FROM cells GROUP BY side, region_id, span, tx, ty`;

// Long spans from their four short ones (already rewritten by the statement before).
const REFRESH_LONG = `
  WITH k AS (SELECT DISTINCT * FROM unnest($1::int2[], $2::date[]) AS k(region_id, span)),
  gone AS (DELETE FROM store.cell_spans s USING k WHERE s.side IN (0, 1) AND s.region_id = k.region_id AND s.weeks = ${LONG} AND s.span = k.span),
  cells AS (
    SELECT s.side, s.region_id, k.span, s.tx, s.ty, u.m, sum(u.n)::int4 AS n
    FROM k JOIN store.cell_spans s ON s.side IN (0, 1) AND s.region_id = k.region_id AND s.weeks = ${SHORT}
      AND s.span >= k.span AND s.span < k.span + ${7 * LONG},
    unnest(s.cells, s.cell_trips) AS u(m, n)
    GROUP BY 1, 2, 3, 4, 5, 6)
  INSERT INTO store.cell_spans (side, region_id, weeks, span, tx, ty, trips, cells, cell_trips)
  SELECT side, region_id, ${LONG}, span, tx, ty, sum(n), array_agg(m::int2 ORDER BY m), array_agg(n ORDER BY m)
  FROM cells GROUP BY side, region_id, span, tx, ty`;

export interface RegionWeek {
  regionId: number;
  week: string;
}

/**
 * Rewrites the spans holding the given (region, week)s from store.cell_tiles, in the caller's
 * transaction. Writers of one long span serialise on an advisory lock, taken in key order (no
 * deadlock between them): once it is granted, the rows of every writer that went before are
 * committed and seen, so the last one to commit leaves the spans exact.
 */
export async function refreshCellSpans(client: pg.PoolClient, settings: StoreSettings, touched: RegionWeek[]): Promise<void> {
  if (!touched.length) return;
  const long = uniquePairs(touched.map((t) => [t.regionId, spanOf(t.week, LONG)]));
  const short = uniquePairs(touched.map((t) => [t.regionId, spanOf(t.week, SHORT)]));
  await client.query(
    'SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k ORDER BY k',
    [long.map(([r, s]) => `cell_spans:${r}:${s}`).sort()]);
  const mask = cellMaskOf(tileGridOf(settings.grid), settings.grid);
  const days = short.map(([, s]) => isoDateToDay(s));
  const first = dayToIsoDate(Math.min(...days));
  const last = dayToIsoDate(Math.max(...days) + 7 * SHORT);
  await client.query(REFRESH_SHORT, [short.map((p) => p[0]), short.map((p) => p[1]), mask, first, last]);
  await client.query(REFRESH_LONG, [long.map((p) => p[0]), long.map((p) => p[1])]);
}

function uniquePairs(pairs: [number, string][]): [number, string][] {
  const seen = new Map(pairs.map((p) => [`${p[0]}|${p[1]}`, p]));
  return [...seen.values()];
}

/**
 * Builds the spans a store loaded before store.cell_spans existed lacks (npm run maintain): every
 * long span of a region holding tiles but missing a span row of either length is rewritten
 * whole, one transaction each. Returns the long spans built.
 */
export async function buildMissingCellSpans(pool: pg.Pool, settings: StoreSettings | null): Promise<number> {
  if (!settings) return 0;
  const spanSql = (weeks: number) => `(date '1900-01-01' + ((week - date '1900-01-01') / ${7 * weeks}) * ${7 * weeks})`;
  const { rows } = await pool.query<{ region_id: number; span: string }>(
    `SELECT DISTINCT region_id, ${spanSql(LONG)}::text AS span FROM (
       SELECT region_id, week FROM (SELECT DISTINCT region_id, ${spanSql(SHORT)} AS week FROM store.cell_tiles) t
       WHERE NOT EXISTS (SELECT 1 FROM store.cell_spans s WHERE s.side IN (0, 1) AND s.region_id = t.region_id AND s.weeks = ${SHORT} AND s.span = t.week)
       UNION ALL
       SELECT region_id, week FROM (SELECT DISTINCT region_id, ${spanSql(LONG)} AS week FROM store.cell_tiles) t
       WHERE NOT EXISTS (SELECT 1 FROM store.cell_spans s WHERE s.side IN (0, 1) AND s.region_id = t.region_id AND s.weeks = ${LONG} AND s.span = t.week)
     ) missing ORDER BY 1, 2`);
  for (const { region_id: regionId, span } of rows) {
    // one week in each of the long span's short spans
    const weeks = Array.from({ length: LONG / SHORT }, (_, i) => dayToIsoDate(isoDateToDay(span) + 7 * SHORT * i));
    await withTransaction(pool, (client) => refreshCellSpans(client, settings, weeks.map((week) => ({ regionId, week }))));
  }
  return rows.length;
}
