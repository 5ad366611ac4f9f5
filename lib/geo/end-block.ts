// Block access paths: a B-tree per trips partition on the "block" of each trip's destination,
// and one on the block of its origin, a block being 4 x 4 cells of the store's fine grid (~600 m
// at the default precision). Rows are stored in origin order, so without the destination's a
// box's destination strips read every trip of the regions they meet; the origin BRIN can only
// be given one range per read, so without the origin's a polygon's boundary band reads every
// trip of the polygon's extent (~13 for each one it keeps, 10M rows). Every use of a key - the
// index definition, the query filters, the keys a query lists - goes through this module, so
// the planner matches the index expression.
//
// Why it is exact: the key is plain float8 arithmetic (an addition, a division by an exact
// dyadic width, floor), computed the same way by PostgreSQL (index, filter) and here (keys of a
// rectangle), and each step is monotonic. A point inside a closed rectangle thus has its block
// column and row between those of the rectangle's corners, so the keys listed for the rectangle
// include its key. The key only narrows the read: every row is still tested on its coordinates.
import type { Grid } from './cells';

export type End = 'origin' | 'destination';

/** Fine cells per block side, as a power of two: 4 x 4 fine cells. */
const BLOCK_BITS = 2;
/** Index name suffix of a trips partition's block index of each end. */
export const BLOCK_INDEX_SUFFIX: Record<End, string> = { origin: '_origin_block', destination: '_dest_block' };
/** Beyond this many keys a read lists none (the rows are filtered on coordinates alone). */
export const MAX_BLOCK_KEYS = 20_000;

/** The store.trips columns of each end's coordinates (longitude, latitude). */
export const END_COLUMNS = { origin: ['origin_lon', 'origin_lat'], destination: ['dest_lon', 'dest_lat'] } as const satisfies Record<End, readonly [string, string]>;

interface BlockGrid { width: number; height: number; rowSpan: number }

function blockGrid(fine: Grid): BlockGrid {
  // Rows 0 .. 2^(yBits - 2) (latitude 90 included) fit below rowSpan: keys never collide.
  return { width: fine.dx * 2 ** BLOCK_BITS, height: fine.dy * 2 ** BLOCK_BITS, rowSpan: 2 ** (fine.yBits - BLOCK_BITS + 1) };
}

/** The block key of a trip row's end, as SQL (literal constants: the index expression). */
export function blockKeySql(fine: Grid, end: End): string {
  const b = blockGrid(fine);
  const [lon, lat] = END_COLUMNS[end];
  return `(floor((${lon} + 180::float8) / ${b.width}::float8)::int8 * ${b.rowSpan}::int8 + floor((${lat} + 90::float8) / ${b.height}::float8)::int8)`;
}

/** The same key for one point, computed as PostgreSQL does. */
export function blockKey(fine: Grid, lon: number, lat: number): number {
  const b = blockGrid(fine);
  return Math.floor((lon + 180) / b.width) * b.rowSpan + Math.floor((lat + 90) / b.height);
}

/**
 * The filter a read adds: the row's key among the listed ones (`keys`: an int8[] parameter).
 * planned: false hides the list from the planner (an initplan hands it over when the read runs):
 * the planner weighs a listed array key by key against the index expression's statistics, in
 * every partition (80 keys over 26 partitions: 2-3 ms of planning per read at 10M rows), where
 * it then assumes a short list, for which it reads the block index. Only where the partitions
 * have the index: a partition read whole would test each row against the list one key at a time.
 */
export const blockInSql = (fine: Grid, end: End, keys: string, opts: { planned: boolean }): string =>
  `${blockKeySql(fine, end)} = ANY(${opts.planned ? `${keys}::int8[]` : `(SELECT ${keys}::int8[])::int8[]`})`;

export interface Rect { minLon: number; minLat: number; maxLon: number; maxLat: number }

/**
 * Sorted keys of every block a point of the closed rectangles can have, or null when there are
 * more than MAX_BLOCK_KEYS (the read then goes without the key).
 */
export function blockKeys(fine: Grid, rects: Rect[]): number[] | null {
  const b = blockGrid(fine);
  const keys = new Set<number>();
  for (const r of rects) {
    const [x0, x1] = [r.minLon, r.maxLon].map((lon) => Math.floor((lon + 180) / b.width));
    const [y0, y1] = [r.minLat, r.maxLat].map((lat) => Math.floor((lat + 90) / b.height));
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_BLOCK_KEYS) return null;
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.add(x * b.rowSpan + y);
    if (keys.size > MAX_BLOCK_KEYS) return null;
  }
  return [...keys].sort((a, b) => a - b);
}

/** CREATE INDEX of a trips partition's block index of one end (`partition`: its bare name). */
export function blockIndexSql(fine: Grid, end: End, partition: string): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `CREATE INDEX IF NOT EXISTS ${quote(partition + BLOCK_INDEX_SUFFIX[end])} ON store.${quote(partition)} (${blockKeySql(fine, end)})`;
}
