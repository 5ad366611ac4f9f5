// SQL expressions for areas, assembled from fixed fragments with every value a parameter:
//  - the cell of a point on a grid (lonToX / latToY of lib/geo/cells.ts, the same exact edge
//    tests), the verdict of its sub-cell in a boundary cell, its bit in a cell bitmap;
//  - an exact point-in-polygon value: a crossing count over the polygon's edges (a ray towards
//    +x, half-open in y), plus ON_BOUNDARY for each edge the point lies on, or NULL when the
//    float8 filter of store.orient_sign cannot decide (the caller settles those exactly).
//    Edges are found through a binary tree of latitude slabs (nested CASE), so a point meets
//    only the few edges of its slab, not all of them.
import type { CellBitmap } from '../geo/cell-bitmap';
import type { Grid } from '../geo/cells';
import type { Polygon, Position } from '../geo/polygon';
import type { Params } from './sql-params';

export const ON_BOUNDARY = 1 << 20; // above any crossing count (at most 1000 edges)
const LEAF_EDGES = 6;
const MAX_DEPTH = 24;

const f8 = (p: Params, v: number) => `${p.add(v)}::float8`;

/**
 * The column and row of a point on grid g (lonToX, latToY of lib/geo/cells.ts) in two steps, so
 * the division is computed once per row: `floors` (float8: floor, clamped), then `settle`, which
 * takes the floors' column names and corrects them against the exact edges, as int8.
 */
export function cellXYSql(p: Params, lon: string, lat: string, g: Grid): { floors: [string, string]; settle: (rx: string, ry: string) => [string, string] } {
  const axes = [[lon, -180, g.dx, g.nx], [lat, -90, g.dy, g.ny]] as const;
  const consts = axes.map(([col, start, step, n]) => ({ col, s: f8(p, start), d: f8(p, step), last: f8(p, n - 1) }));
  const floors = consts.map(({ col, s, d, last }) => `least(greatest(floor((${col} - ${s}) / ${d}), 0), ${last})`) as [string, string];
  const settleOne = ({ col, s, d, last }: (typeof consts)[number], raw: string) =>
    `(${raw} - CASE WHEN ${raw} > 0 AND ${col} < ${s} + ${raw} * ${d} THEN 1 WHEN ${raw} < ${last} AND ${col} >= ${s} + (${raw} + 1) * ${d} THEN -1 ELSE 0 END)::int8`;
  return { floors, settle: (rx, ry) => [settleOne(consts[0], rx), settleOne(consts[1], ry)] };
}

/**
 * The verdict of a point in a boundary fine cell from its sub-cell (lib/geo/polygon-cells.ts
 * boundarySubCells): NULL when an edge may touch the sub-cell, else 1 inside, 0 outside. `bi`
 * is the cell's position in the sorted keys (width_bucket), `sub` the sub-cell's mask bit.
 */
export function subCellVerdictSql(p: Params, masks: { inside: bigint[]; boundary: bigint[] }, bi: string, sub: string): string {
  const bit = (m: bigint[]) => `(${p.add(m.map(String))}::int8[])[${bi}] >> ${sub} & 1 = 1`;
  return `CASE WHEN ${bit(masks.boundary)} THEN NULL WHEN ${bit(masks.inside)} THEN 1 ELSE 0 END`;
}

interface Edge { lo: Position; hi: Position; minX: number; maxX: number }

/** The crossing-count value of one polygon (see the header) at the point (lon, lat). */
export function polygonValueSql(p: Params, polygon: Polygon, lon: string, lat: string): string {
  const edges: Edge[] = [];
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a, b] = [ring[i], ring[i + 1]];
      const [lo, hi] = a[1] <= b[1] ? [a, b] : [b, a];
      edges.push({ lo, hi, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]) });
    }
  }
  // One parameter per edge value, made on first use (an unused parameter would have no type).
  const names = new Map<Edge, Map<number, string>>();
  const param = (e: Edge, k: number) => {
    let m = names.get(e);
    if (!m) names.set(e, (m = new Map()));
    if (!m.has(k)) m.set(k, f8(p, [e.lo[0], e.lo[1], e.hi[0], e.hi[1], e.minX, e.maxX][k]));
    return m.get(k)!;
  };
  const term = (e: Edge) => {
    const [x1, y1, x2, y2, minX, maxX] = [0, 1, 2, 3, 4, 5].map((k) => () => param(e, k));
    if (e.lo[1] === e.hi[1]) return `CASE WHEN ${lat} = ${y1()} AND ${lon} >= ${minX()} AND ${lon} <= ${maxX()} THEN ${ON_BOUNDARY} ELSE 0 END`;
    return `CASE WHEN ${lat} < ${y1()} OR ${lat} > ${y2()} THEN 0
      WHEN ${lat} = ${y2()} THEN CASE WHEN ${lon} = ${x2()} THEN ${ON_BOUNDARY} ELSE 0 END
      WHEN ${lon} > ${maxX()} THEN 0 WHEN ${lon} < ${minX()} THEN 1
      ELSE CASE store.orient_sign(${x1()}, ${y1()}, ${x2()}, ${y2()}, ${lon}, ${lat}) WHEN 1 THEN 1 WHEN 0 THEN ${ON_BOUNDARY} WHEN -1 THEN 0 END END`;
  };
  const leaf = (es: Edge[]) => (es.length ? `(${es.map(term).join(' + ')})` : '0');
  // Edges whose closed latitude range meets [lo, hi]: a superset of those that matter there.
  const tree = (es: Edge[], lo: number, hi: number, depth: number): string => {
    if (es.length <= LEAF_EDGES || depth >= MAX_DEPTH) return leaf(es);
    const ys = es.flatMap((e) => [e.lo[1], e.hi[1]]).filter((y) => y > lo && y < hi).sort((a, b) => a - b);
    if (!ys.length) return leaf(es);
    const mid = ys[Math.floor(ys.length / 2)];
    const below = es.filter((e) => e.lo[1] < mid); // points with lat < mid
    const above = es.filter((e) => e.hi[1] >= mid); // points with lat >= mid
    if (below.length === es.length && above.length === es.length) return leaf(es);
    return `CASE WHEN ${lat} < ${f8(p, mid)} THEN ${tree(below, lo, mid, depth + 1)} ELSE ${tree(above, mid, hi, depth + 1)} END`;
  };
  return tree(edges, -Infinity, Infinity, 0);
}

/** 1 when a polygon value means inside (on a boundary, or an odd crossing count), else 0; NULL stays NULL. */
export const insideOfValueSql = (v: string) => `CASE WHEN ${v} >= ${ON_BOUNDARY} OR ${v} % 2 = 1 THEN 1 WHEN ${v} IS NOT NULL THEN 0 END`;

/** True when the point's bit in the bitmap is set (lib/geo/cell-bitmap.ts inBitmap, same float math). */
export function inBitmapSql(p: Params, b: CellBitmap, lon: string, lat: string): string {
  const axis = (col: string, min: number, scale: number, n: number) =>
    `least(greatest(floor((${col} - ${f8(p, min)}) * ${f8(p, scale)}), 0), ${f8(p, n - 1)})`;
  return `get_bit(${p.add(b.bits)}::bytea, (${axis(lon, b.minLon, b.scaleX, b.w)} + ${axis(lat, b.minLat, b.scaleY, b.h)} * ${f8(p, b.w)})::int8) = 1`;
}
