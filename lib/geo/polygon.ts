// Polygons as sets of points, decided exactly. A shape is a union of polygons (a GeoJSON
// Polygon or the parts of a MultiPolygon); a polygon is its outer ring and its holes. A point
// is in a polygon when it lies on any of its rings (edge or vertex: boundaries are inclusive,
// a hole's too) or inside the outer ring and inside no hole (crossing-number parity over all
// rings, valid because validated holes lie inside the outer ring and cross nothing). Every
// orientation is decided by robust-predicates' adaptive exact orient2d, never by a rounded sign.
import { orient2d } from 'robust-predicates';

export type Position = [number, number];
/** Closed: the last position repeats the first. */
export type Ring = Position[];
/** Outer ring first, then holes. */
export type Polygon = Ring[];
/** A union of polygons. */
export type Shape = Polygon[];

/**
 * > 0: c lies left of the directed line a -> b; 0: on it; exact (robust-predicates counts
 * clockwise as positive). orient2d is exact only while no product underflows: with differences
 * near 1e-320 (0.5 x 5e-324 rounds to 0) it answers 0 or a wrong sign, always with a magnitude far
 * below 2^-600, so such answers are decided again in integers (only the sign is ever used).
 */
export function orient(a: Position, b: Position, c: Position): number {
  const det = -orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
  if (Math.abs(det) >= TINY_DET) return det;
  const [ax, ay, bx, by, cx, cy] = [a[0], a[1], b[0], b[1], c[0], c[1]].map(scaledInteger);
  const exact = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return exact > 0n ? 1 : exact < 0n ? -1 : 0;
}

const TINY_DET = 2 ** -600;
const bits = new DataView(new ArrayBuffer(8));

/** x x 2^1074 as an exact integer (every finite double is an integer multiple of 2^-1074). */
function scaledInteger(x: number): bigint {
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0), exponent = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  // normal: (2^52 + fraction) x 2^(exponent - 1075); subnormal: fraction x 2^-1074
  const v = exponent === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(exponent - 1);
  return hi >>> 31 ? -v : v;
}

/** True when p lies on the closed segment a-b. */
export function onSegment(a: Position, b: Position, p: Position): boolean {
  return p[0] >= Math.min(a[0], b[0]) && p[0] <= Math.max(a[0], b[0]) &&
    p[1] >= Math.min(a[1], b[1]) && p[1] <= Math.max(a[1], b[1]) && orient(a, b, p) === 0;
}

/**
 * 'boundary' | 'inside' | 'outside' of one polygon's rings (parity of a ray towards +x). Per edge:
 * on it, a boundary; else, half-open in y (a vertex on the ray is counted once), p left of the
 * upward edge is a crossing. Plain loops and exact comparisons settle most edges before any
 * orientation: an edge wholly above or below p can hold neither; p west of an edge's x-range lies
 * left of it, east of it right (the edge's line crosses p's height within that range).
 */
export function locateInRings(rings: Ring[], p: Position): 'boundary' | 'inside' | 'outside' {
  const px = p[0], py = p[1];
  let inside = false;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i], b = ring[i + 1];
      const ay = a[1], by = b[1];
      if ((py < ay && py < by) || (py > ay && py > by)) continue;
      const minX = a[0] < b[0] ? a[0] : b[0], maxX = a[0] < b[0] ? b[0] : a[0];
      if (px >= minX && px <= maxX && orient(a, b, p) === 0) return 'boundary';
      const [lo, hi] = ay <= by ? [a, b] : [b, a];
      if (py < lo[1] || py >= hi[1] || px > maxX) continue;
      if (px < minX || orient(lo, hi, p) > 0) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

export const pointInPolygon = (polygon: Polygon, p: Position): boolean => locateInRings(polygon, p) !== 'outside';

export const pointInShape = (shape: Shape, p: Position): boolean => shape.some((polygon) => pointInPolygon(polygon, p));

export interface Extent {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function extentOf(shape: Shape): Extent {
  const e = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const polygon of shape) {
    for (const [x, y] of polygon[0]) {
      e.minLon = Math.min(e.minLon, x); e.maxLon = Math.max(e.maxLon, x);
      e.minLat = Math.min(e.minLat, y); e.maxLat = Math.max(e.maxLat, y);
    }
  }
  return e;
}

/** A box (west may exceed east: across the antimeridian) as a shape of one or two rectangles. */
export function boxShape(west: number, south: number, east: number, north: number): Shape {
  const rect = (w: number, e: number): Polygon => [[[w, south], [e, south], [e, north], [w, north], [w, south]]];
  return west > east ? [rect(west, 180), rect(-180, east)] : [rect(west, east)];
}
