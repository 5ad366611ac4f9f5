// Splits a shape into store cells: fine cells (the store's fine grid) wholly inside it, tiles
// (of the tile grid) wholly inside it, and the "boundary" fine cells whose closed rectangle an
// edge may touch. Only boundary cells need raw trips and an exact point-in-polygon test.
//
// Why it is exact: a fine cell is marked boundary when an edge comes within EPS of its closed
// rectangle (a superset of the cells an edge touches; EPS is far above the rounding of the
// interpolation). Two neighbouring unmarked cells of a row share a closed side no edge touches,
// so a run of unmarked cells lies in one face of the shape: one exact point-in-shape test of
// any point in the run decides all of it.
import { columnWest, latToY, lonToX, rowSouth, type Grid } from './cells';
import { SUB_BITS, SUB_CELLS, subIndex } from './tile-key';
import { pointInShape, type Extent, type Shape } from './polygon';

const EPS = 1e-9; // degrees; interpolation errors are ~1e-14
/** Beyond this many listed cells, the shape is counted from raw trips alone (still exact). */
export const MAX_LISTED_CELLS = 300_000;

export interface ShapeCells {
  /** tile keys (tx * 2^tile.yBits + ty) of tiles wholly inside */
  wholeTiles: number[];
  /** fine keys (fx * 2^fine.yBits + fy) of fine cells inside, outside whole tiles */
  insideFine: number[];
  /** tile keys of the tiles holding insideFine cells */
  partialTiles: number[];
  /** fine keys of the cells an edge may touch */
  boundaryFine: number[];
}

export const fineKeyOf = (fine: Grid, fx: number, fy: number) => fx * 2 ** fine.yBits + fy;
export const tileKeyOf = (tile: Grid, tx: number, ty: number) => tx * 2 ** tile.yBits + ty;
/** The cell (x, y) of a key of fineKeyOf or tileKeyOf on grid g: their inverse. */
export const cellOfKey = (g: Grid, key: number): [number, number] => [Math.floor(key / 2 ** g.yBits), key % 2 ** g.yBits];

/** The cells of the shape within `clip` (outside it there are no trips), or null when too many. */
export function shapeCells(shape: Shape, fine: Grid, tile: Grid, clip: Extent): ShapeCells | null {
  const x0 = lonToX(fine, clip.minLon), x1 = lonToX(fine, clip.maxLon);
  const y0 = latToY(fine, clip.minLat), y1 = latToY(fine, clip.maxLat);
  const empty: ShapeCells = { wholeTiles: [], insideFine: [], partialTiles: [], boundaryFine: [] };
  if (x0 > x1 || y0 > y1) return empty;
  const boundaryRows = boundaryCells(shape, fine, { x0, x1, y0, y1 });
  if (!boundaryRows) return null;
  const insideRuns = new Map<number, [number, number][]>();
  for (let y = y0; y <= y1; y++) {
    const marked = boundaryRows.get(y) ?? [];
    const runs: [number, number][] = [];
    let start = x0;
    for (const x of [...marked, x1 + 1]) {
      if (x > start && isInside(shape, fine, start, y)) runs.push([start, x - 1]);
      start = x + 1;
    }
    if (runs.length) insideRuns.set(y, runs);
  }
  const whole = wholeTiles(insideRuns, y0, y1);
  const insideFine: number[] = [];
  const partial = new Set<number>();
  for (const [y, runs] of insideRuns) {
    const ty = y >> SUB_BITS;
    for (const [a, b] of runs) {
      for (let x = a; x <= b; x++) {
        const tx = x >> SUB_BITS;
        if (whole.has(tileKeyOf(tile, tx, ty))) { x = ((tx + 1) << SUB_BITS) - 1; continue; }
        insideFine.push(fineKeyOf(fine, x, y));
        partial.add(tileKeyOf(tile, tx, ty));
        if (insideFine.length > MAX_LISTED_CELLS) return null;
      }
    }
  }
  const boundaryFine = [...boundaryRows].flatMap(([y, xs]) => xs.map((x) => fineKeyOf(fine, x, y)));
  return { wholeTiles: [...whole], insideFine, partialTiles: [...partial], boundaryFine };

  function wholeTiles(runs: Map<number, [number, number][]>, ya: number, yb: number): Set<number> {
    const out = new Set<number>();
    const side = 1 << SUB_BITS;
    for (let ty = ya >> SUB_BITS; ty <= yb >> SUB_BITS; ty++) {
      let common: Set<number> | null = null;
      for (let y = ty * side; y < (ty + 1) * side; y++) {
        const covered = new Set<number>();
        for (const [a, b] of runs.get(y) ?? []) {
          for (let tx = Math.ceil(a / side); (tx + 1) * side - 1 <= b; tx++) if (!common || common.has(tx)) covered.add(tx);
        }
        common = covered;
        if (!common.size) break;
      }
      for (const tx of common ?? []) out.add(tileKeyOf(tile, tx, ty));
    }
    return out;
  }
}

/** Bits of column (and of row) a sub-cell adds to its fine cell: 8 x 8 sub-cells (~19 m). */
export const SUB_CELL_BITS = 3;
const SUB_CELL_SIDE = 1 << SUB_CELL_BITS;
/** Mask of a sub-cell's column (or row) within its fine cell. */
export const SUB_CELL_MASK = SUB_CELL_SIDE - 1;

/** The grid of sub-cells: the fine grid with SUB_CELL_BITS more bits each way (exact dyadic steps). */
export function subCellGrid(fine: Grid): Grid {
  const k = SUB_CELL_SIDE;
  return { precision: fine.precision, xBits: fine.xBits + SUB_CELL_BITS, yBits: fine.yBits + SUB_CELL_BITS, nx: fine.nx * k, ny: fine.ny * k, dx: fine.dx / k, dy: fine.dy / k };
}

/** Boundary cells x edges above which boundarySubCells gives up (about 20M edge tests). */
const MAX_SUB_CELL_WORK = 10_000_000;

/** Bit of sub-cell (sx, sy) in its fine cell's 64-bit masks: column-major, 0..63. */
export const subCellBit = (sx: number, sy: number): number => ((sx & (SUB_CELL_SIDE - 1)) << SUB_CELL_BITS) | (sy & (SUB_CELL_SIDE - 1));

/**
 * The boundary fine cells seen at sub-cell resolution, so that only trips in sub-cells an edge
 * may touch need an exact point test: the boundary cells' keys sorted ascending, with two 64-bit
 * masks each (bit subCellBit: the sub-cell is inside the shape; an edge may touch it). Sub-cells
 * an edge may touch lie in boundary fine cells (an edge within EPS of a sub-cell is within EPS
 * of its fine cell). Null beyond MAX_SUB_CELL_WORK or MAX_LISTED_CELLS marked sub-cells.
 */
export function boundarySubCells(shape: Shape, fine: Grid, boundaryFine: number[]): { keys: number[]; inside: bigint[]; boundary: bigint[] } | null {
  const keys = [...boundaryFine].sort((a, b) => a - b);
  if (!keys.length) return { keys, inside: [], boundary: [] };
  // About two point-in-shape tests per boundary cell, each over every edge: past this budget the
  // exact test of the cell's trips costs less than classifying its sub-cells.
  const edges = shape.reduce((n, polygon) => n + polygon.reduce((m, ring) => m + ring.length - 1, 0), 0);
  if (keys.length * edges > MAX_SUB_CELL_WORK) return null;
  const g = subCellGrid(fine);
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const key of keys) {
    const [fx, fy] = cellOfKey(fine, key);
    x0 = Math.min(x0, fx); x1 = Math.max(x1, fx); y0 = Math.min(y0, fy); y1 = Math.max(y1, fy);
  }
  const k = SUB_CELL_SIDE;
  const marked = boundaryCells(shape, g, { x0: x0 * k, x1: x1 * k + k - 1, y0: y0 * k, y1: y1 * k + k - 1 });
  if (!marked) return null;
  // Masks as two 32-bit halves while they are built (BigInt per bit is slow), joined at the end.
  const set = (m: Uint32Array, bit: number) => { m[bit >> 5] |= 1 << (bit & 31); };
  const has = (m: Uint32Array, bit: number) => (m[bit >> 5] >>> (bit & 31)) & 1;
  const join = (m: Uint32Array) => BigInt.asIntN(64, (BigInt(m[1]) << 32n) | BigInt(m[0]));
  const marks = new Map<number, Uint32Array>(); // fine key -> the sub-cells an edge may touch
  for (const [sy, xs] of marked) {
    for (const sx of xs) {
      const key = fineKeyOf(fine, sx >> SUB_CELL_BITS, sy >> SUB_CELL_BITS);
      let m = marks.get(key);
      if (!m) marks.set(key, (m = new Uint32Array(2)));
      set(m, subCellBit(sx, sy));
    }
  }
  const inside: bigint[] = [], boundary: bigint[] = [];
  const none = new Uint32Array(2), im = new Uint32Array(2);
  for (const key of keys) {
    const [fx, fy] = cellOfKey(fine, key);
    const bm = marks.get(key) ?? none;
    im.fill(0);
    // Unmarked sub-cells side by side share a closed side no edge touches: one face. Runs per
    // sub-row, a run joined to the one below it when their columns overlap, one test per face.
    let below: { a: number; b: number; inside: boolean }[] = [];
    for (let sy = fy * k; sy < (fy + 1) * k; sy++) {
      const runs: { a: number; b: number; inside: boolean }[] = [];
      let start = fx * k;
      for (let sx = fx * k; sx <= (fx + 1) * k; sx++) {
        if (sx < (fx + 1) * k && !has(bm, subCellBit(sx, sy))) continue;
        if (sx > start) {
          const joined = below.find((r) => r.a <= sx - 1 && r.b >= start);
          runs.push({ a: start, b: sx - 1, inside: joined ? joined.inside : isInside(shape, g, start, sy) });
        }
        start = sx + 1;
      }
      for (const r of runs) if (r.inside) for (let sx = r.a; sx <= r.b; sx++) set(im, subCellBit(sx, sy));
      below = runs;
    }
    inside.push(join(im)); boundary.push(join(bm));
  }
  return { keys, inside, boundary };
}

/**
 * The inside fine cells grouped by tile as signed runs of consecutive sub-indexes (a tile's
 * fines are stored sorted by sub-index, so each run is one slice of its arrays): where more than
 * half a tile's cells are inside, its total (a run with first = last = TILE_TOTAL, sign 1) less
 * the runs of cells outside (sign -1), so a reader never unnests more than half a tile. Tile keys,
 * first and last sub-index and sign of each run, in parallel arrays (SQL's unnest of four).
 */
export function insideSubRuns(cells: ShapeCells, fine: Grid, tile: Grid): { tiles: number[]; first: number[]; last: number[]; sign: number[] } {
  const subsByTile = new Map<number, number[]>();
  for (const key of cells.insideFine) {
    const [fx, fy] = cellOfKey(fine, key);
    const tk = tileKeyOf(tile, fx >> SUB_BITS, fy >> SUB_BITS);
    let subs = subsByTile.get(tk);
    if (!subs) subsByTile.set(tk, (subs = []));
    subs.push(subIndex(fx, fy));
  }
  const out = { tiles: [] as number[], first: [] as number[], last: [] as number[], sign: [] as number[] };
  const push = (tk: number, first: number, last: number, sign: number) => {
    out.tiles.push(tk); out.first.push(first); out.last.push(last); out.sign.push(sign);
  };
  for (const [tk, subs] of subsByTile) {
    subs.sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (let i = 0; i < subs.length; ) {
      let j = i;
      while (j + 1 < subs.length && subs[j + 1] === subs[j] + 1) j++;
      runs.push([subs[i], subs[j]]);
      i = j + 1;
    }
    if (subs.length * 2 <= SUB_CELLS) {
      for (const [first, last] of runs) push(tk, first, last, 1);
      continue;
    }
    push(tk, TILE_TOTAL, TILE_TOTAL, 1);
    let next = 0; // first sub-index not yet covered
    for (const [first, last] of runs) {
      if (first > next) push(tk, next, first - 1, -1);
      next = last + 1;
    }
    if (next < SUB_CELLS) push(tk, next, SUB_CELLS - 1, -1);
  }
  return out;
}

/** insideSubRuns' marker of a run that stands for the tile's total. */
export const TILE_TOTAL = -1;

function isInside(shape: Shape, g: Grid, x: number, y: number): boolean {
  return pointInShape(shape, [columnWest(g, x) + g.dx / 2, rowSouth(g, y) + g.dy / 2]);
}

/** Sorted columns of the marked cells, per row; null beyond MAX_LISTED_CELLS. */
function boundaryCells(shape: Shape, g: Grid, r: { x0: number; x1: number; y0: number; y1: number }): Map<number, number[]> | null {
  const rows = new Map<number, Set<number>>();
  let count = 0;
  for (const polygon of shape) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i], [bx, by] = ring[i + 1];
        const minX = Math.min(ax, bx), maxX = Math.max(ax, bx), minY = Math.min(ay, by), maxY = Math.max(ay, by);
        const ca = Math.max(r.x0, lonToX(g, Math.max(-180, minX - EPS))), cb = Math.min(r.x1, lonToX(g, Math.min(180, maxX + EPS)));
        for (let x = ca; x <= cb; x++) {
          const xa = Math.max(minX, columnWest(g, x) - EPS), xb = Math.min(maxX, columnWest(g, x + 1) + EPS);
          if (xa > xb) continue;
          const yAt = (xx: number) => ay + ((xx - ax) * (by - ay)) / (bx - ax);
          const [ya, yb] = ax === bx ? [minY, maxY] : [yAt(xa), yAt(xb)];
          const lo = Math.max(minY, Math.min(ya, yb)) - EPS, hi = Math.min(maxY, Math.max(ya, yb)) + EPS;
          const ra = Math.max(r.y0, latToY(g, Math.max(-90, lo))), rb = Math.min(r.y1, latToY(g, Math.min(90, hi)));
          for (let y = ra; y <= rb; y++) {
            let set = rows.get(y);
            if (!set) rows.set(y, (set = new Set()));
            if (!set.has(x)) {
              set.add(x);
              if (++count > MAX_LISTED_CELLS) return null;
            }
          }
        }
      }
    }
  }
  return new Map([...rows].map(([y, xs]) => [y, [...xs].sort((a, b) => a - b)]));
}
