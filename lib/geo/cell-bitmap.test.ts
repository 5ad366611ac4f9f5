import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitmapCell, cellBitmap, inBitmap } from './cell-bitmap';
import type { Extent } from './polygon';

const rectIn = (e: Extent) => fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 0.2, noNaN: true }), fc.double({ min: 0, max: 0.2, noNaN: true }))
  .map(([u, v, du, dv]) => {
    const minLon = e.minLon + u * (e.maxLon - e.minLon), minLat = e.minLat + v * (e.maxLat - e.minLat);
    return { minLon, minLat, maxLon: Math.min(e.maxLon, minLon + du * (e.maxLon - e.minLon)), maxLat: Math.min(e.maxLat, minLat + dv * (e.maxLat - e.minLat)) };
  });
const extents = fc.tuple(fc.double({ min: -179, max: 179, noNaN: true }), fc.double({ min: -89, max: 89, noNaN: true }),
  fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.double({ min: 1e-4, max: 1, noNaN: true }))
  .map(([lon, lat, w, h]) => ({ minLon: lon, minLat: lat, maxLon: Math.min(180, lon + w), maxLat: Math.min(90, lat + h) }));

describe('cellBitmap', () => {
  it('keeps every point of every given rectangle, corners and edges included', () => {
    fc.assert(fc.property(extents.chain((e) => fc.tuple(fc.constant(e), fc.array(rectIn(e), { minLength: 1, maxLength: 6 }),
      fc.double({ min: 1e-5, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))),
    ([e, rects, cell, u, v]) => {
      const b = cellBitmap(rects, e, cell);
      for (const r of rects) {
        const inner: [number, number] = [r.minLon + u * (r.maxLon - r.minLon), r.minLat + v * (r.maxLat - r.minLat)];
        for (const [lon, lat] of [[r.minLon, r.minLat], [r.maxLon, r.maxLat], [r.minLon, r.maxLat], [r.maxLon, r.minLat], inner]) {
          expect(inBitmap(b, lon, lat)).toBe(true);
        }
      }
    }), { numRuns: 300 });
  });

  it('keeps every point of an extent too thin to divide (zero or subnormal span)', () => {
    for (const [minLon, maxLon] of [[10, 10], [0, 5e-324], [-1e-310, 1e-310]]) {
      const e = { minLon, maxLon, minLat: -34.6, maxLat: -34.5 };
      const b = cellBitmap([{ minLon, maxLon, minLat: -34.55, maxLat: -34.55 }], e, 0.001);
      expect(b.w).toBe(1);
      expect(inBitmap(b, minLon, -34.55)).toBe(true);
      expect(inBitmap(b, maxLon, -34.55)).toBe(true);
    }
  });

  it('leaves out what lies two bitmap cells away from every rectangle', () => {
    const e = { minLon: 10, minLat: -40, maxLon: 11, maxLat: -39 };
    const b = cellBitmap([{ minLon: 10.5, maxLon: 10.5, minLat: -39.5, maxLat: -39.5 }], e, 0.01);
    expect(b.w).toBe(100);
    expect(inBitmap(b, 10.5, -39.5)).toBe(true);
    expect(inBitmap(b, 10.53, -39.5)).toBe(false);
    expect(inBitmap(b, 10.5, -39.47)).toBe(false);
    expect(bitmapCell(b, 11, -39)).toEqual([99, 99]);
  });
});
