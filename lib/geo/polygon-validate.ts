// Checks a GeoJSON Polygon / MultiPolygon before it is counted, naming the first problem with
// its place, e.g. "origin.polygon.coordinates[0][2]: ring crosses itself (edges 3 and 7)".
// Rings: closed, at least 4 positions, longitudes -180..180 and latitudes -90..90, no edge
// crossing or touching a non-adjacent edge; holes inside their outer ring, neither nested in
// nor overlapping another hole, and no two rings of a polygon crossing or sharing an edge
// segment (they may touch at single points). Winding order is free (RFC 7946 section 3.1.6:
// parsers should not reject either), and parts of a MultiPolygon may overlap: a point in
// several parts counts once (the shape is their union). At most MAX_VERTICES per geometry. Pairs of
// edges are compared in O(n^2) after a bounding-box test, fine for n <= 1000 (a few ms).
import { InvalidInputError } from '../errors/domain-errors';
import { locateInRings, onSegment, orient, type Polygon, type Position, type Ring, type Shape } from './polygon';

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
        if (n === 3 && orient(ring[0], ring[1], ring[2]) === 0) return [i + 1, j + 1]; // a flat triangle
        continue;
      }
      if (segmentsMeet(a, b, c, d)) return [i + 1, j + 1];
    }
  }
  return null;
}

/**
 * Rings of one polygon may touch at isolated points (OGC simple features) but not cross nor run
 * along each other; every hole lies inside the outer ring, and no hole inside or over another.
 */
function checkHoles(polygon: Polygon, where: (ring: number) => string) {
  for (let r = 0; r < polygon.length; r++) {
    for (let s = r + 1; s < polygon.length; s++) {
      const meet = ringsMeet(polygon[r], polygon[s]);
      if (meet === 'cross') throw new InvalidInputError(where(s), `ring crosses ring ${r}`);
      if (meet === 'overlap') throw new InvalidInputError(where(s), `ring runs along ring ${r} (rings may share single points, not edges)`);
    }
  }
  const [outer, ...holes] = polygon;
  holes.forEach((hole, h) => {
    const i = hole.findIndex((v) => locateInRings([outer], v) === 'outside');
    if (i >= 0) throw new InvalidInputError(`${where(h + 1)}[${i}]`, 'a hole must lie inside its outer ring');
    const e = hole.findIndex((_, k) => k + 1 < hole.length && edgePoints(hole[k], hole[k + 1], outer).some((m) => locateInRings([outer], m) === 'outside'));
    if (e >= 0) throw new InvalidInputError(where(h + 1), `a hole must lie inside its outer ring (its edge ${e + 1} leaves it through a vertex)`);
  });
  for (let a = 0; a < holes.length; a++) {
    for (let b = 0; b < holes.length; b++) {
      if (a === b) continue;
      const places = ringPoints(holes[b], holes[a]).map((m) => locateInRings([holes[a]], m));
      if (!places.includes('inside')) continue;
      const [later, earlier] = a < b ? [b, a] : [a, b];
      if (!places.includes('outside')) throw new InvalidInputError(where(b + 1), `hole lies inside the hole of ring ${a + 1} (nested holes are not allowed: give the inner area as another polygon of a MultiPolygon)`);
      throw new InvalidInputError(where(later + 1), `hole overlaps the hole of ring ${earlier + 1}`);
    }
  }
}

/** 'cross': two edges cross at a point interior to both; 'overlap': two edges share a segment. */
function ringsMeet(r: Ring, s: Ring): 'cross' | 'overlap' | null {
  for (let i = 0; i + 1 < r.length; i++) {
    for (let j = 0; j + 1 < s.length; j++) {
      const [a, b, c, d] = [r[i], r[i + 1], s[j], s[j + 1]];
      if (!boxesMeet(a, b, c, d)) continue;
      if (properlyCross(a, b, c, d)) return 'cross';
      if (orient(a, b, c) === 0 && orient(a, b, d) === 0 && sharedLength(a, b, c, d)) return 'overlap';
    }
  }
  return null;
}

/** Collinear segments a-b and c-d: do they share more than a point? */
function sharedLength(a: Position, b: Position, c: Position, d: Position): boolean {
  const k = a[0] !== b[0] ? 0 : 1; // project on an axis the segment is not perpendicular to
  const lo = Math.max(Math.min(a[k], b[k]), Math.min(c[k], d[k])), hi = Math.min(Math.max(a[k], b[k]), Math.max(c[k], d[k]));
  return lo < hi;
}

/**
 * Points along edge a-b, one inside each piece between the points where `other` touches it
 * (its vertices on the edge, and the edge's ends): each piece lies in one face of `other`
 * when the rings neither cross nor overlap, so these points tell where the edge runs.
 */
function edgePoints(a: Position, b: Position, other: Ring): Position[] {
  const k = a[0] !== b[0] ? 0 : 1;
  const cuts = [a[k], b[k], ...other.filter((v) => onSegment(a, b, v)).map((v) => v[k])].sort((x, y) => x - y);
  const at = (t: number): Position => k === 0
    ? [t, a[1] + ((t - a[0]) * (b[1] - a[1])) / (b[0] - a[0])]
    : [a[0] + ((t - a[1]) * (b[0] - a[0])) / (b[1] - a[1]), t];
  const out: Position[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i] < cuts[i + 1]) out.push(at((cuts[i] + cuts[i + 1]) / 2));
  return out;
}

/** A ring's vertices and the points of its edges' pieces (edgePoints) against `other`. */
const ringPoints = (ring: Ring, other: Ring): Position[] =>
  [...ring, ...ring.slice(0, -1).flatMap((v, i) => edgePoints(v, ring[i + 1], other))];
