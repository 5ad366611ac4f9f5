// The point-in-polygon every exact answer rests on: its shortcuts (edges above or below, points
// west or east of an edge) change no verdict of the plain per-edge definition, here written out
// as the reference, on random rings and on points exactly on vertices and edges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateInRings, onSegment, orient, type Position, type Ring } from './polygon';

function reference(rings: Ring[], p: Position): 'boundary' | 'inside' | 'outside' {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a, b] = [ring[i], ring[i + 1]];
      if (onSegment(a, b, p)) return 'boundary';
      const [lo, hi] = a[1] <= b[1] ? [a, b] : [b, a];
      if (p[1] >= lo[1] && p[1] < hi[1] && orient(lo, hi, p) > 0) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

// Small integer grids make vertices, horizontal and vertical edges and collinear points common.
const coord = fc.integer({ min: -6, max: 6 }).map((v) => v / 2);
const ring = fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 9 }).map((pts) => [...pts, pts[0]] as Ring);

describe('orient', () => {
  it('is exact where products underflow: small integer points scaled to subnormals keep their orientation', () => {
    const int = fc.integer({ min: -6, max: 6 });
    const point = fc.tuple(int, int);
    fc.assert(fc.property(point, point, point, fc.constantFrom(5e-324, 2 ** -1060, 2 ** -540, 1), ([ax, ay], [bx, by], [cx, cy], unit) => {
      const exact = Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) + 0; // + 0: -0 is 0
      expect(Math.sign(orient([ax * unit, ay * unit], [bx * unit, by * unit], [cx * unit, cy * unit])) + 0).toBe(exact);
    }), { numRuns: 2000 });
  });
});

describe('locateInRings', () => {
  it('agrees with the plain per-edge definition on grid points, vertices, edge points and random points', () => {
    fc.assert(fc.property(fc.array(ring, { minLength: 1, maxLength: 3 }), fc.tuple(coord, coord), fc.double({ min: 0, max: 1, noNaN: true }),
      (rings, grid, t) => {
        const probes: Position[] = [grid];
        for (const r of rings) {
          for (let i = 0; i + 1 < r.length; i++) {
            const [a, b] = [r[i], r[i + 1]];
            probes.push(a, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], [a[0] - 0.25, a[1]], [a[0] + 0.25, a[1]]);
          }
        }
        for (const p of probes) expect(locateInRings(rings, p)).toBe(reference(rings, p));
      }), { numRuns: 2000 });
  });

  it('counts a point a subnormal step west of a vertical edge as left of it (found by the property above)', () => {
    const rings: Ring[] = [[[0, -1], [-0.5, 0], [0, -1], [0, -0.5], [0, 0], [0, -1]]];
    const p: Position = [-5e-324, -1];
    expect(locateInRings(rings, p)).toBe(reference(rings, p));
    expect(orient([0, -1], [0, -0.5], p)).toBeGreaterThan(0);
  });
});
