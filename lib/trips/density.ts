// Trips per grid cell in a view ("where are the trips?"), exact, from store.cell_spans (whole
// spans of 16 weeks, store cells) and store.cell_tiles (the window's edge weeks, fine cells):
// levels up to the tile precision (p - 1) sum tile totals, level p the packed store or fine
// cells, level p + 1 the fine cells of every week. Every cell is a whole geohash cell
// [west, east) x [south, north), so the aggregates hold exactly its trips; the sums happen in
// SQL (GROUP BY cell), never row by row.
import type pg from 'pg';
import { appPool } from '../db/app-db';
import { columnWest, rowSouth, type Grid } from '../geo/cells';
import { cellMaskOf, SUB_BITS, SUB_MASK, tileGridOf } from '../geo/tile-key';
import { DEFAULT_CELL_PRECISION } from '../geo/grid-defaults';
import { cellSpansPending, coverWindow, SPAN_WEEKS } from '../ingest/cell-spans';
import { readStoreSettings, type StoreSettings } from '../ingest/store-settings';
import { densityGrid, type DensityGrid } from './density-grid';
import { Params } from './sql-params';
import type { DensityQuery } from './schemas';
import { storeWeeks, windowOf, type WeekWindow } from './window';

export interface DensityCell {
  west: number;
  south: number;
  east: number;
  north: number;
  trips: number;
}

export interface Density {
  cellSize: { lon: number; lat: number };
  from: string;
  to: string;
  cells: DensityCell[];
  totalTrips: number;
}

export async function density(q: DensityQuery, db: pg.Pool = appPool()): Promise<Density> {
  // independent reads at once: each round trip counts at these latencies
  const [settings, stored, spansPending] = await Promise.all([readStoreSettings(db), storeWeeks(db), cellSpansPending(db)]);
  const window = windowOf(stored, q.from, q.to);
  const level = densityGrid(settings?.grid.precision ?? DEFAULT_CELL_PRECISION, q.bbox, q.maxCells);
  const rows = settings && window.weeks ? await cellTrips(db, settings, level, q.match === 'origin' ? 0 : 1, window, stored, !spansPending) : [];
  const g = level.grid;
  const cells = rows.map(({ x, y, trips }) => ({
    west: columnWest(g, x), south: rowSouth(g, y), east: columnWest(g, x + 1), north: rowSouth(g, y + 1), trips,
  }));
  return {
    cellSize: { lon: g.dx, lat: g.dy }, from: window.from, to: window.to,
    cells, totalTrips: cells.reduce((sum, c) => sum + c.trips, 0),
  };
}

type Run = [number, number];

/** Sorted indexes as inclusive runs of consecutive values. */
function runs(sorted: number[]): Run[] {
  const out: Run[] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v === last[1] + 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

/** Runs of cells at `cellBits` as runs of cells at `toBits` (finer: each cell spans 2^k; coarser: the cells holding them). */
function rescale(r: Run[], cellBits: number, toBits: number): Run[] {
  const k = toBits - cellBits;
  const scaled: Run[] = r.map(([a, b]) => (k >= 0 ? [a << k, ((b + 1) << k) - 1] : [a >> -k, b >> -k]));
  return merge(scaled);
}

/** Sorted runs with overlapping or touching ones joined. */
function merge(r: Run[]): Run[] {
  const out: Run[] = [];
  for (const [a, b] of r) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const inRuns = (p: Params, column: string, r: Run[]) =>
  `(${r.map(([a, b]) => `${column} BETWEEN ${p.add(a)} AND ${p.add(b)}`).join(' OR ')})`;

/** Trips per cell (x, y) of the level, summed over the window's weeks and every region near the cells (`stored`: the store's weeks). */
async function cellTrips(
  db: pg.Pool, settings: StoreSettings, level: DensityGrid, side: 0 | 1, w: WeekWindow, stored: { from: string; to: string } | null,
  useSpans: boolean,
): Promise<{ x: number; y: number; trips: number }[]> {
  const g = level.grid;
  const tiles = tileGridOf(settings.grid);
  const columns = runs(level.columns);
  const rows: Run[] = [[level.y0, level.y1]];
  const regions = await regionsNear(db, g, columns, rows[0], w);
  if (!regions.length) return [];
  const p = new Params();
  const inTiles = `side = ${p.add(side)} AND region_id = ANY(${p.add(regions)}::int2[])
    AND ${inRuns(p, 'tx', rescale(columns, g.xBits, tiles.xBits))} AND ${inRuns(p, 'ty', rescale(rows, g.yBits, tiles.yBits))}`;
  // Levels up to store precision sum whole spans of weeks (store.cell_spans) and single weeks
  // only at the window's edges (added, or taken off a span reaching past the edge); the finer
  // level has its fine cells in the weekly rows only; so do stores whose spans wait for maintenance.
  const cover = useSpans && g.precision <= settings.grid.precision
    ? coverWindow(w.from, w.to, stored ?? undefined)
    : { spans: [], weeks: [[w.from, w.to] as [string, string]], minus: [] };
  const inWeeks = (ranges: [string, string][]) => ranges.length
    ? `(${ranges.map(([a, b]) => `(week >= ${p.add(a)}::date AND week < ${p.add(b)}::date)`).join(' OR ')})` : null;
  const [plusWeeks, minusWeeks] = [inWeeks(cover.weeks), inWeeks(cover.minus)];
  const inSpans = cover.spans.length
    ? `(${SPAN_WEEKS.flatMap((weeks) => {
      const starts = cover.spans.filter((s) => s.weeks === weeks).map((s) => s.from);
      return starts.length ? [`(weeks = ${p.add(weeks)} AND span = ANY(${p.add(starts)}::date[]))`] : [];
    }).join(' OR ')})` : null;
  let sql: string;
  if (g.precision <= tiles.precision) {
    // Whole tiles make up each cell: their totals, the arrays untouched.
    const totals = [
      plusWeeks && `SELECT tx, ty, trips FROM store.cell_tiles WHERE ${inTiles} AND ${plusWeeks}`,
      minusWeeks && `SELECT tx, ty, -trips AS trips FROM store.cell_tiles WHERE ${inTiles} AND ${minusWeeks}`,
      inSpans && `SELECT tx, ty, trips FROM store.cell_spans WHERE ${inTiles} AND ${inSpans}`,
    ].filter(Boolean);
    sql = `SELECT tx >> ${p.add(tiles.xBits - g.xBits)} AS x, ty >> ${p.add(tiles.yBits - g.yBits)} AS y, sum(trips)::int8 AS trips
      FROM (${totals.join(' UNION ALL ')}) t GROUP BY 1, 2`;
  } else {
    // Cells finer than a tile: unpack the fine cells (unnest in the select list, as in
    // weekly-average), keeping of each sub-index only the bits of its level cell, and group by
    // that. The fence (OFFSET 0) keeps the test "cell in the view" after the grouping, where
    // it runs once per cell rather than once per fine cell (measured about 2x faster).
    const sx = tiles.xBits + SUB_BITS - g.xBits; // fine columns per level column: 2^sx
    const sy = tiles.yBits + SUB_BITS - g.yBits;
    const int = (v: number) => `${p.add(v)}::int4`;
    // Span rows number their store cells as `sub & mask` already (cell-spans.ts).
    const mask = int(cellMaskOf(tiles, g));
    const sources = [
      plusWeeks && `SELECT tx, ty, unnest(fines)::int4 & ${mask} AS m, unnest(fine_trips)::int8 AS n
        FROM store.cell_tiles WHERE ${inTiles} AND ${plusWeeks}`,
      minusWeeks && `SELECT tx, ty, unnest(fines)::int4 & ${mask} AS m, -unnest(fine_trips)::int8 AS n
        FROM store.cell_tiles WHERE ${inTiles} AND ${minusWeeks}`,
      inSpans && `SELECT tx, ty, unnest(cells)::int4 AS m, unnest(cell_trips)::int8 AS n
        FROM store.cell_spans WHERE ${inTiles} AND ${inSpans}`,
    ].filter(Boolean);
    sql = `SELECT x, y, trips FROM (
        SELECT (tx << ${int(SUB_BITS - sx)}) | (m >> ${int(SUB_BITS + sx)}) AS x, (ty << ${int(SUB_BITS - sy)}) | ((m & ${int(SUB_MASK)}) >> ${int(sy)}) AS y, trips
        FROM (
          SELECT tx, ty, m, sum(n)::int8 AS trips
          FROM (${sources.join(' UNION ALL ')}) f
          GROUP BY tx, ty, m OFFSET 0
        ) g
      ) c
      WHERE ${inRuns(p, 'x', columns)} AND ${inRuns(p, 'y', rows)}`;
  }
  const { rows: out } = await db.query<{ x: number; y: number; trips: number }>(`${sql} ORDER BY y, x`, p.values);
  return out.filter((r) => r.trips > 0);
}

/** Regions whose extent (both trip ends) in the window meets the level's cells: only they can hold trips there. */
async function regionsNear(db: pg.Pool, g: Grid, columns: Run[], [y0, y1]: Run, w: WeekWindow): Promise<number[]> {
  const p = new Params();
  const lon = columns.map(([a, b]) => `(max_lon >= ${p.add(columnWest(g, a))} AND min_lon <= ${p.add(columnWest(g, b + 1))})`);
  const { rows } = await db.query<{ id: number }>(
    `SELECT DISTINCT region_id AS id FROM store.region_weeks
     WHERE week >= ${p.add(w.from)} AND week < ${p.add(w.to)} AND trips > 0
       AND max_lat >= ${p.add(rowSouth(g, y0))} AND min_lat <= ${p.add(rowSouth(g, y1 + 1))} AND (${lon.join(' OR ')})`,
    p.values);
  return rows.map((r) => r.id);
}
