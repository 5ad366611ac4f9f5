import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { areaFeature, areaLabel, cornerCount, decodeArea, encodeArea, geometryBbox, vertexCount, type AreaGeometry } from './areas';

// A 200-vertex ring with full-precision coordinates, as terra-draw gives them.
const ring = Array.from({ length: 200 }, (_, i) => [14.4 + 0.05 * Math.cos((i / 200) * 2 * Math.PI) + 1e-13 * i, 50.08 + 0.03 * Math.sin((i / 200) * 2 * Math.PI)]);
const big: AreaGeometry = { type: 'Polygon', coordinates: [[...ring, ring[0]]] };

describe('areas in the URL', () => {
  it('round-trips a box, a region, a polygon and a named multipolygon exactly', () => {
    const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6.000000000000001], [5, 5]]]] };
    for (const a of [{ area: { bbox: [14.39, 50.05, 14.47, 50.1] as [number, number, number, number] } }, { area: { region: 'Prague' } }, { area: { polygon: big } }, { area: { polygon: multi }, name: 'Zone "A", 1' }]) {
      const qs = new URLSearchParams({ a: encodeArea(a) }).toString();
      expect(decodeArea(new URLSearchParams(qs).get('a'))).toEqual(a);
    }
  });

  it('keeps a long polygon shorter than its JSON', () => {
    const s = encodeArea({ area: { polygon: big } });
    expect(s.length).toBeLessThan(JSON.stringify(big).length);
  });

  it('rejects what is not an area', () => {
    expect(decodeArea('')).toBeNull();
    expect(decodeArea('not-lz')).toBeNull();
    const enc = (v: unknown) => LZString.compressToEncodedURIComponent(JSON.stringify(v));
    expect(decodeArea(enc({ bbox: [1, 2, 3] }))).toBeNull();
    expect(decodeArea(enc({ polygon: { type: 'Point', coordinates: [1, 2] } }))).toBeNull();
    expect(decodeArea(enc({ polygon: { type: 'Polygon', coordinates: [[[1, 'x']]] } }))).toBeNull();
    expect(decodeArea(enc({ region: '  ' }))).toBeNull();
    expect(decodeArea(enc([1, 2]))).toBeNull();
  });
});

describe('area helpers', () => {
  it('counts vertices, bounds a polygon and exports a feature', () => {
    expect(vertexCount(big)).toBe(201);
    expect(cornerCount(big)).toBe(200);
    expect(areaLabel({ area: { polygon: big } })).toBe('Polygon of 200 corners');
    expect(areaLabel({ area: { polygon: big }, name: 'Old Town' })).toBe('Old Town');
    expect(areaLabel({ area: { region: 'Prague' } })).toBe('Region Prague');
    expect(areaLabel({ area: { bbox: [14.39, 50.05, 14.47, 50.1] } })).toMatch(/^Box of /);
    const [w, s, e, n] = geometryBbox(big);
    expect(w).toBeCloseTo(14.35, 6);
    expect(e).toBeCloseTo(14.45, 6);
    expect(s).toBeCloseTo(50.05, 6);
    expect(n).toBeCloseTo(50.11, 6);
    expect(areaFeature({ area: { polygon: big }, name: 'x' })).toEqual({ type: 'Feature', properties: { name: 'x' }, geometry: big });
    expect(areaFeature({ area: { bbox: [0, 1, 2, 3] } })?.geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 1], [2, 1], [2, 3], [0, 3], [0, 1]]] });
    expect(areaFeature({ area: { region: 'Prague' } })).toBeNull();
  });
});
