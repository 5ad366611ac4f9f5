// Checks a GeoJSON Polygon / MultiPolygon before it is counted, naming the first problem with
// its place, e.g. "origin.polygon.coordinates[0][2]: ring crosses itself (edges 3 and 7)".
// Rings: closed, at least 4 positions, longitudes -180..180 and latitudes -90..90, no edge
// crossing or touching a non-adjacent edge; holes inside their outer ring (vertices inside or
// on it) and no two rings of a polygon crossing. At most MAX_VERTICES per geometry. Pairs of
// edges are compared in O(n^2) after a bounding-box test, fine for n <= 1000 (a few ms).
import { InvalidInputError } from '../errors/domain-errors';
import { locateInRings, orient, type Polygon, type Position, type Ring, type Shape } from './polygon';

export const MAX_VERTICES = 1000;

export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** The geometry as a shape, or an InvalidInputError naming `name` and the place of the problem. */
export function validateGeometry(geometry: PolygonGeometry, name: string): Shape {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const at = (...idx: number[]) => `${name}.coordinates${idx.map((i) => `[${i}]`).join('')}`;
  const base = geometry.type === 'Polygon' ? [] : null;
  const place = (p: number, ...rest: number[]) => at(...(base ?? [p]), ...rest);
  if (!polygons.length) throw new InvalidInputError(`${name}.coordinates`, 'must hold at least one polygon');
  // Counted first: the checks below are quadratic in the vertices.
  const vertices = countVertices(polygons);
  if (vertices > MAX_VERTICES) throw new InvalidInputError(`${name}.coordinates`, `at most ${MAX_VERTICES} vertices per area, not ${vertices}`);
  const shape: Shape = polygons.map((rings, p) => {
    if (!rings.length) throw new InvalidInputError(place(p), 'a polygon needs an outer ring');
    const polygon = rings.map((ring, r) => checkRing(ring, place(p, r)));
    checkHoles(polygon, (r) => place(p, r));
    return polygon;
  });
  return shape;
}

const countVertices = (polygons: number[][][][]) => polygons.flat().reduce((n, ring) => n + Math.max(0, ring.length - 1), 0);

function checkRing(ring: number[][], where: string): Ring {
  if (ring.length < 4) throw new InvalidInputError(where, `a ring needs at least 4 positions (the last repeating the first), not ${ring.length}`);
  ring.forEach((pos, i) => {
    const [lon, lat] = pos;
    if (pos.length < 2 || pos.length > 3) throw new InvalidInputError(`${where}[${i}]`, 'a position is [longitude, latitude]');
    if (!(lon >= -180 && lon <= 180)) throw new InvalidInputError(`${where}[${i}]`, `longitude ${lon} is outside -180..180`);
    if (!(lat >= -90 && lat <= 90)) throw new InvalidInputError(`${where}[${i}]`, `latitude ${lat} is outside -90..90`);
  });
  const first = ring[0], last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new InvalidInputError(where, 'ring is not closed (the last position must equal the first)');
  // Repeated consecutive positions add nothing (GeoJSON allows them); drop them before the checks.
  const out: Ring = [];
  for (const [lon, lat] of ring) {
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== lon || prev[1] !== lat) out.push([lon, lat]);
  }
  if (out.length < 4) throw new InvalidInputError(where, 'ring has fewer than 3 distinct vertices');
  const crossing = selfCrossing(out);
  if (crossing) throw new InvalidInputError(where, `ring crosses or touches itself (edges ${crossing[0]} and ${crossing[1]})`);
  return out;
}

/** Do closed segments a-b and c-d share a point? Exact. */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = Math.sign(orient(a, b, c)), o2 = Math.sign(orient(a, b, d));
  const o3 = Math.sign(orient(c, d, a)), o4 = Math.sign(orient(c, d, b));
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  // Collinear or touching: one endpoint lies on the other segment.
  const on = (p: Position, q: Position, r: Position) =>
    r[0] >= Math.min(p[0], q[0]) && r[0] <= Math.max(p[0], q[0]) && r[1] >= Math.min(p[1], q[1]) && r[1] <= Math.max(p[1], q[1]);
  return (o1 === 0 && on(a, b, c)) || (o2 === 0 && on(a, b, d)) || (o3 === 0 && on(c, d, a)) || (o4 === 0 && on(c, d, b));
}

/** Do segments cross at a single point interior to both (a proper crossing)? Exact. */
function properlyCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = Math.sign(orient(a, b, c)), o2 = Math.sign(orient(a, b, d));
  const o3 = Math.sign(orient(c, d, a)), o4 = Math.sign(orient(c, d, b));
  return o1 * o2 < 0 && o3 * o4 < 0;
}

const boxesMeet = (a: Position, b: Position, c: Position, d: Position) =>
  Math.max(a[0], b[0]) >= Math.min(c[0], d[0]) && Math.max(c[0], d[0]) >= Math.min(a[0], b[0]) &&
  Math.max(a[1], b[1]) >= Math.min(c[1], d[1]) && Math.max(c[1], d[1]) >= Math.min(a[1], b[1]);

/** The first pair of edges (1-based) that meet other than adjacent edges at their shared vertex. */
function selfCrossing(ring: Ring): [number, number] | null {
  const n = ring.length - 1; // edges
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[i + 1];
    for (let j = i + 1; j < n; j++) {
      const c = ring[j], d = ring[j + 1];
      if (!boxesMeet(a, b, c, d)) continue;
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) {
        // They share one vertex; they may not also overlap along a line (a spike).
        const shared = j === i + 1 ? b : a;
        const [p, q] = j === i + 1 ? [a, d] : [b, c];
        if (orient(p, shared, q) === 0 && (q[0] - shared[0]) * (p[0] - shared[0]) + (q[1] - shared[1]) * (p[1] - shared[1]) > 0) return [i + 1, j + 1];
        if (n === 3 && orient(a, b, ring[2]) === 0) return [i + 1, j + 1]; // a flat triangle
        continue;
      }
      if (segmentsMeet(a, b, c, d)) return [i + 1, j + 1];
    }
  }
  return null;
}

function checkHoles(polygon: Polygon, where: (ring: number) => string) {
  const [outer, ...holes] = polygon;
  holes.forEach((hole, h) => {
    const i = hole.findIndex((v) => locateInRings([outer], v) === 'outside');
    if (i >= 0) throw new InvalidInputError(`${where(h + 1)}[${i}]`, 'a hole must lie inside its outer ring');
  });
  for (let r = 0; r < polygon.length; r++) {
    for (let s = r + 1; s < polygon.length; s++) {
      if (ringsCross(polygon[r], polygon[s])) throw new InvalidInputError(where(s), `ring crosses ring ${r}`);
    }
  }
}

function ringsCross(r: Ring, s: Ring): boolean {
  for (let i = 0; i + 1 < r.length; i++) {
    for (let j = 0; j + 1 < s.length; j++) {
      if (boxesMeet(r[i], r[i + 1], s[j], s[j + 1]) && properlyCross(r[i], r[i + 1], s[j], s[j + 1])) return true;
    }
  }
  return false;
}
