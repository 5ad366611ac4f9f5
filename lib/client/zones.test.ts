import { describe, expect, it } from 'vitest';
import { MAX_ZONES, parseZones, ZoneFileError } from './zones';

const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('parseZones', () => {
  it('reads polygons and multipolygons, names from name/NAME/id, the feature id or the index', () => {
    const multi = { type: 'MultiPolygon', coordinates: [square(0).coordinates, square(5).coordinates] };
    const { zones, skipped } = parseZones(
      fc([
        { type: 'Feature', properties: { name: 'Old Town' }, geometry: square(0) },
        { type: 'Feature', properties: { NAME: 'Karlín' }, geometry: multi },
        { type: 'Feature', properties: { id: 7 }, geometry: square(2) },
        { type: 'Feature', id: 'f4', properties: null, geometry: square(3) },
        { type: 'Feature', properties: { name: '' }, geometry: square(4) },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
        { type: 'Feature', properties: {}, geometry: null },
      ]),
    );
    expect(zones.map((z) => z.name)).toEqual(['Old Town', 'Karlín', '7', 'f4', 'Zone 5']);
    expect(zones[1].geometry).toEqual(multi);
    expect(skipped).toBe(2);
  });

  it('refuses bad files with a message naming the problem', () => {
    const fails = (text: string, message: RegExp) => {
      expect(() => parseZones(text)).toThrow(ZoneFileError);
      expect(() => parseZones(text)).toThrow(message);
    };
    fails('{"type": "FeatureCollection", ', /not valid JSON/);
    fails(JSON.stringify({ type: 'Feature', geometry: square(0) }), /Expected a GeoJSON FeatureCollection/);
    fails(JSON.stringify({ type: 'FeatureCollection' }), /Expected a GeoJSON FeatureCollection/);
    fails(fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] } }]), /no Polygon or MultiPolygon features/);
    fails(fc([]), /no Polygon or MultiPolygon features/);
    fails(fc([{ type: 'Feature', geometry: square(0) }, { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 'a']]] } }]), /Feature 2 has a Polygon whose coordinates/);
    fails(fc(Array.from({ length: MAX_ZONES + 1 }, () => ({ type: 'Feature', geometry: square(0) }))), /at most 500/);
  });
});
