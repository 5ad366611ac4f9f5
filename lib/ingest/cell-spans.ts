// store.cell_spans: trips per store cell of each tile over aligned spans of 16 ISO weeks (see
// the migration 20261203100000_cell_spans). Like store.cell_tiles, partial sums that readers add
// up per key: an ingestion appends its own span rows (Aggregates, in its transaction), compaction
// merges a key's rows into one. Deletion of an ingestion and retention, which take trips off
// tiles, rewrite the spans holding the weeks they changed from the tiles left (refreshCellSpans),
// in their own transaction; readers see spans and tiles from one snapshot, always in agreement.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { cellMaskOf, tileGridOf } from '../geo/tile-key';
import { dayToIsoDate, isoDateToDay } from '../geo/wall-time';
import type { StoreSettings } from './store-settings';

/**
 * Span lengths in weeks, longest first (each would divide the next longer one). One length:
 * shorter spans (4 weeks) measured 2x the space of these at 2M realistic trips, over the budget.
 */
export const SPAN_WEEKS = [16] as const;
const SHORTEST = SPAN_WEEKS[SPAN_WEEKS.length - 1];
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
 * single weeks as possible: an edge that ends r weeks into a span either adds those r weeks or
 * takes the whole span and subtracts the other 16 - r (so at most 8 single weeks an edge). Weeks
 * outside `data` (the store's weeks, when known) hold nothing and cost nothing to subtract.
 */
export function coverWindow(from: string, to: string, data?: { from: string; to: string }): WindowCover {
  const [a, b] = [isoDateToDay(from), isoDateToDay(to)];
  const span = 7 * SHORTEST;
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

// The spans of the pairs (region, span start) from the tiles: the fine cells' counts summed per
// store cell (sub & $3). The DELETE and the INSERT share one snapshot: the DELETE sees exactly the
// span rows whose tiles the INSERT reads (rows a load commits meanwhile stay, with their tiles).
const REFRESH = `
  WITH k AS (SELECT DISTINCT * FROM unnest($1::int2[], $2::date[]) AS k(region_id, span)),
  gone AS (DELETE FROM store.cell_spans s USING k WHERE s.side IN (0, 1) AND s.region_id = k.region_id AND s.weeks = ${SHORTEST} AND s.span = k.span),
  fine AS (
    SELECT t.side, t.region_id, t.week, t.tx, t.ty, unnest(t.fines)::int4 & $3::int4 AS m, unnest(t.fine_trips) AS n
    FROM store.cell_tiles t
    WHERE t.side IN (0, 1) AND t.region_id = ANY($1::int2[]) AND t.week >= $4::date AND t.week < $5::date),
  cells AS (
    SELECT f.side, f.region_id, k.span, f.tx, f.ty, f.m, sum(f.n)::int4 AS n
    FROM fine f JOIN k ON k.region_id = f.region_id AND f.week >= k.span AND f.week < k.span + ${7 * SHORTEST}
    GROUP BY 1, 2, 3, 4, 5, 6)
  INSERT INTO store.cell_spans (side, region_id, weeks, span, tx, ty, trips, cells, cell_trips)
  SELECT side, region_id, ${SHORTEST}, span, tx, ty, sum(n), array_agg(m::int2 ORDER BY m), array_agg(n ORDER BY m)
  FROM cells GROUP BY side, region_id, span, tx, ty`;

export interface RegionWeek {
  regionId: number;
  week: string;
}

/** The advisory lock of a span's rewrites and merges (refreshCellSpans, compaction). */
export const spanLockKey = (regionId: number, span: string) => `cell_spans:${regionId}:${span}`;

/**
 * Rewrites the spans holding the given (region, week)s from store.cell_tiles, in the caller's
 * transaction. Rewrites and merges of one span serialise on an advisory lock, taken in key order
 * (no deadlock between them): once it is granted, every rewrite before is committed and seen.
 */
export async function refreshCellSpans(client: pg.PoolClient, settings: StoreSettings, touched: RegionWeek[]): Promise<void> {
  if (!touched.length) return;
  const pairs = [...new Map(touched.map((t) => {
    const span = spanOf(t.week, SHORTEST);
    return [`${t.regionId}|${span}`, [t.regionId, span] as [number, string]];
  })).values()];
  await client.query(
    'SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k ORDER BY k',
    [pairs.map(([r, s]) => spanLockKey(r, s)).sort()]);
  const days = pairs.map(([, s]) => isoDateToDay(s));
  const [first, last] = [dayToIsoDate(Math.min(...days)), dayToIsoDate(Math.max(...days) + 7 * SHORTEST)];
  await client.query(REFRESH, [pairs.map((p) => p[0]), pairs.map((p) => p[1]), cellMaskOf(tileGridOf(settings.grid), settings.grid), first, last]);
}

/**
 * Builds the spans a store loaded before store.cell_spans existed lacks (npm run maintain): each
 * (region, span) listed in store.cell_spans_backfill (by its migration) is rewritten from the
 * tiles and unlisted in one transaction. Returns the spans built.
 */
export async function buildPendingCellSpans(
  pool: pg.Pool, settings: StoreSettings | null, onProgress?: (done: number, total: number) => void,
): Promise<number> {
  if (!settings) return 0;
  const { rows } = await pool.query<{ region_id: number; span: string }>(
    'SELECT region_id, span::text AS span FROM store.cell_spans_backfill ORDER BY 1, 2');
  for (const [i, { region_id: regionId, span }] of rows.entries()) {
    onProgress?.(i, rows.length);
    await withTransaction(pool, async (client) => {
      await refreshCellSpans(client, settings, [{ regionId, week: span }]);
      await client.query('DELETE FROM store.cell_spans_backfill WHERE region_id = $1 AND span = $2', [regionId, span]);
    });
  }
  onProgress?.(rows.length, rows.length);
  return rows.length;
}

/** True while some spans still wait for maintenance (readers then use weekly tiles only). */
export async function cellSpansPending(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query<{ pending: boolean }>('SELECT EXISTS (SELECT 1 FROM store.cell_spans_backfill) AS pending');
  return rows[0].pending;
}
