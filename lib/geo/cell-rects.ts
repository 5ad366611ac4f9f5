// Sets of grid cells as a few axis-aligned rectangles, for reading raw trips through a
// min/max (BRIN) index: each rectangle becomes one range condition on the point's columns.
// exactRects gives rectangles covering exactly the cells; coverRects merges them into at most
// `max` rectangles (a superset: callers keep an exact per-cell test after the read), because
// every rectangle costs one index scan per partition while extra area costs only rows.
import { columnWest, rowSouth, type Grid } from './cells';

/** Inclusive ranges of columns x0..x1 and rows y0..y1. */
export interface CellRect { x0: number; x1: number; y0: number; y1: number }

/** Rectangles covering exactly the given cells: runs of columns per row, stacked over rows that repeat them. */
export function exactRects(cells: Iterable<[number, number]>): CellRect[] {
  const rows = new Map<number, number[]>();
  for (const [x, y] of cells) {
    const xs = rows.get(y);
    if (xs) xs.push(x);
    else rows.set(y, [x]);
  }
  const open = new Map<string, CellRect>(); // runs still growing upwards, by "x0,x1"
  const done: CellRect[] = [];
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const xs = [...new Set(rows.get(y))].sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (const x of xs) {
      const last = runs[runs.length - 1];
      if (last && x === last[1] + 1) last[1] = x;
      else runs.push([x, x]);
    }
    const next = new Map<string, CellRect>();
    for (const [x0, x1] of runs) {
      const key = `${x0},${x1}`;
      const r = open.get(key);
      if (r && r.y1 === y - 1) {
        r.y1 = y;
        open.delete(key);
        next.set(key, r);
      } else next.set(key, { x0, x1, y0: y, y1: y });
    }
    done.push(...open.values());
    open.clear();
    for (const [k, r] of next) open.set(k, r);
  }
  return [...done, ...open.values()];
}

/**
 * At most `max` rectangles covering the given rectangles' cells: the exact rectangles of those
 * cells on a grid of blocks of b x b cells, b = 1, 2, 4, ... until they are few enough. A
 * boundary ring stays a ring (thicker), where merging by halves would fill its middle.
 */
export function coverRects(rects: CellRect[], max: number): CellRect[] {
  for (let b = 1; ; b *= 2) {
    const blocks = new Map<string, [number, number]>();
    for (const r of rects) {
      for (let y = Math.floor(r.y0 / b); y <= Math.floor(r.y1 / b); y++) {
        for (let x = Math.floor(r.x0 / b); x <= Math.floor(r.x1 / b); x++) blocks.set(`${x},${y}`, [x, y]);
      }
    }
    const merged = exactRects(blocks.values());
    if (merged.length <= max || blocks.size === 1) return merged.map((r) => ({ x0: r.x0 * b, x1: r.x1 * b + b - 1, y0: r.y0 * b, y1: r.y1 * b + b - 1 }));
  }
}

/** A rectangle of cells in degrees, edges included (closed: a superset of the half-open cells). */
export const rectDegrees = (g: Grid, r: CellRect) => ({
  minLon: columnWest(g, r.x0), maxLon: columnWest(g, r.x1 + 1), minLat: rowSouth(g, r.y0), maxLat: rowSouth(g, r.y1 + 1),
});
