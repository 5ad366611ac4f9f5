// A coarse bitmap of where a read's trips may lie: the extent cut into at most MAX_SIDE x MAX_SIDE
// cells, a bit set for every bitmap cell that a given closed rectangle meets, then grown by one
// cell each way. A row is kept when its bitmap cell's bit is set: computed with a plain float
// floor, no exact edge test. Why no kept point is lost: the cell is a monotonic function of the
// coordinate (subtract, multiply by a positive scale, floor, clamp: each step keeps order), so a
// point between a rectangle's corners lands between the corners' cells, which are marked; the
// one-cell growth guards against any difference between PostgreSQL's float8 and JavaScript's.
// A superset: callers keep their exact per-cell test. Far cheaper per row in SQL than testing
// dozens of rectangles.
import type { Extent } from './polygon';

const MAX_SIDE = 256;

export interface CellBitmap { minLon: number; minLat: number; scaleX: number; scaleY: number; w: number; h: number; bits: Buffer }

/** The bitmap of `rects` over `extent`, bitmap cells about `cellDegrees` wide (at most MAX_SIDE a side). */
export function cellBitmap(rects: Extent[], extent: Extent, cellDegrees: number): CellBitmap {
  // Per axis: cells and cells per degree; one cell (scale 0: every point in it) for an extent too
  // thin to divide (a zero or subnormal span would make the scale infinite, the products NaN).
  const axis = (span: number): [number, number] => {
    const n = Math.max(1, Math.min(MAX_SIDE, Math.ceil(span / cellDegrees)));
    const scale = n / span;
    return n > 1 && Number.isFinite(scale) ? [n, scale] : [1, 0];
  };
  const [w, scaleX] = axis(extent.maxLon - extent.minLon), [h, scaleY] = axis(extent.maxLat - extent.minLat);
  const b = { minLon: extent.minLon, minLat: extent.minLat, scaleX, scaleY, w, h, bits: Buffer.alloc(Math.ceil((w * h) / 8)) };
  const marked = new Uint8Array(w * h);
  for (const r of rects) {
    const [i0, j0] = bitmapCell(b, r.minLon, r.minLat), [i1, j1] = bitmapCell(b, r.maxLon, r.maxLat);
    for (let j = Math.max(0, j0 - 1); j <= Math.min(h - 1, j1 + 1); j++) {
      for (let i = Math.max(0, i0 - 1); i <= Math.min(w - 1, i1 + 1); i++) marked[j * w + i] = 1;
    }
  }
  for (let n = 0; n < marked.length; n++) if (marked[n]) b.bits[n >> 3] |= 1 << (n & 7);
  return b;
}

/** The bitmap cell of a point, as SQL computes it (inBitmapSql of lib/trips/area-sql.ts), clamped into the bitmap. */
export function bitmapCell(b: Omit<CellBitmap, 'bits'>, lon: number, lat: number): [number, number] {
  const clamp = (v: number, n: number) => Math.min(Math.max(v, 0), n - 1);
  return [clamp(Math.floor((lon - b.minLon) * b.scaleX), b.w), clamp(Math.floor((lat - b.minLat) * b.scaleY), b.h)];
}

/** True when a point's bit is set (TypeScript twin of the SQL test). */
export function inBitmap(b: CellBitmap, lon: number, lat: number): boolean {
  const [i, j] = bitmapCell(b, lon, lat);
  const n = j * b.w + i;
  return ((b.bits[n >> 3] >> (n & 7)) & 1) === 1;
}
