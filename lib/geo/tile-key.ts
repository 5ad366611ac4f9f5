// The packing of store.cell_tiles: fine cells (geohash precision p + 1, the store's fine grid)
// grouped by tile (geohash precision p - 1, p = store precision). Every use of the packing -
// the ingestion writer, the SQL of box reads, tests - goes through this module.
//
// Why the widths fit: a geohash character adds 5 bits, alternately 3 to x and 2 to y or the
// reverse (xBits = ceil(5p/2), yBits = floor(5p/2)), so two characters add exactly 5 bits of
// x and 5 of y at every precision (checked by tileGridOf). A tile thus holds 32 x 32 fine
// cells, numbered sub = (fx - 32 tx) * 32 + (fy - 32 ty) in 0..1023 (fits int2). At most
// precision (p + 1 = 7) fx < 2^18 and fy < 2^17, so tx < 2^13 and ty < 2^12, and the
// writer's sort key (tx, ty, sub) fits 13 + 12 + 10 = 35 bits (FINE_KEYS).
import { makeGrid, MAX_PRECISION, type Grid } from './cells';

/** Bits of column (and of row) a fine cell adds to its tile. */
export const SUB_BITS = 5;
const SUB_SIDE = 1 << SUB_BITS; // 32
/** Mask of a fine cell's column (or row) within its tile. */
export const SUB_MASK = SUB_SIDE - 1;
/** Fine cells per tile (sub-indexes 0..1023). */
export const SUB_CELLS = SUB_SIDE * SUB_SIDE;
const TY_SPAN = 2 ** 12; // tile rows at precision 5
/** Distinct writer keys (tx, ty, sub): 2^35. */
export const FINE_KEYS = 2 ** 13 * TY_SPAN * SUB_CELLS;

/** The tile grid of a store grid of precision p: precision p - 1 (0: one tile, the globe). */
export function tileGridOf(grid: Grid): Grid {
  const precision = grid.precision - 1;
  const xBits = Math.ceil((5 * precision) / 2);
  const yBits = Math.floor((5 * precision) / 2);
  const fine = makeGrid(grid.precision + 1, MAX_PRECISION + 1);
  if (fine.xBits - xBits !== SUB_BITS || fine.yBits - yBits !== SUB_BITS) throw new Error('tile grid does not nest the fine grid by 5 bits');
  return { precision, xBits, yBits, nx: 2 ** xBits, ny: 2 ** yBits, dx: 360 / 2 ** xBits, dy: 180 / 2 ** yBits };
}

/** The tile holding fine cell (fx, fy). */
export const tileOf = (fx: number, fy: number): [number, number] => [fx >> SUB_BITS, fy >> SUB_BITS];

/** The fine cell's index within its tile, 0..1023. */
export const subIndex = (fx: number, fy: number): number => ((fx & SUB_MASK) << SUB_BITS) | (fy & SUB_MASK);

/** The fine cell (fx, fy) of index `sub` in tile (tx, ty): the inverse of tileOf + subIndex. */
export const fineOf = (tx: number, ty: number, sub: number): [number, number] =>
  [(tx << SUB_BITS) | (sub >> SUB_BITS), (ty << SUB_BITS) | (sub & SUB_MASK)];

/** Sort key of a fine cell, ordered by (tx, ty, sub); < FINE_KEYS. */
export function fineKey(fx: number, fy: number): number {
  const [tx, ty] = tileOf(fx, fy);
  return (tx * TY_SPAN + ty) * SUB_CELLS + subIndex(fx, fy);
}

/** (tx, ty, sub) of a fineKey. */
export function splitFineKey(key: number): { tx: number; ty: number; sub: number } {
  const sub = key % SUB_CELLS;
  const tile = (key - sub) / SUB_CELLS;
  const ty = tile % TY_SPAN;
  return { tx: (tile - ty) / TY_SPAN, ty, sub };
}

/**
 * SQL expressions of the fine column and row of sub-index `sub` (an int2 column) in tile
 * (tx, ty): fineOf in SQL. Parenthesised: PostgreSQL gives << >> | & one precedence.
 */
export const fineXSql = (tx: string, sub: string): string => `((${tx} << ${SUB_BITS}) | (${sub}::int4 >> ${SUB_BITS}))`;
export const fineYSql = (ty: string, sub: string): string => `((${ty} << ${SUB_BITS}) | (${sub}::int4 & ${SUB_MASK}))`;

/**
 * The mask keeping, of a fine cell's sub-index, the bits of the level-`level` cell holding it
 * (tile precision < level precision <= fine precision): `sub & mask` is the sub-index of that
 * cell's first fine cell, the number store.cell_spans gives a store cell.
 */
export function cellMaskOf(tiles: Grid, level: Grid): number {
  const sx = tiles.xBits + SUB_BITS - level.xBits; // fine columns per level column: 2^sx
  const sy = tiles.yBits + SUB_BITS - level.yBits;
  return (((SUB_MASK >> sx) << sx) << SUB_BITS) | ((SUB_MASK >> sy) << sy);
}
