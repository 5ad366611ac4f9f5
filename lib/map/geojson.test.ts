import { describe, expect, it } from 'vitest';
import { bboxPolygon, cornersToBbox, lonSpan, unwrapBbox, zoneFeatures } from './geojson';

const corner = (lng: number, lat: number) => ({ lng, lat });

describe('boxes on the map', () => {
  it('draw a box across the antimeridian with its east edge at east + 360 (the narrow box near Fiji)', () => {
    expect(unwrapBbox([170, -20, -170, -10])).toEqual([170, -20, 190, -10]);
    expect(bboxPolygon([170, -20, -170, -10]).coordinates[0]).toEqual([[170, -20], [190, -20], [190, -10], [170, -10], [170, -20]]);
    expect(unwrapBbox([14, 50, 15, 51])).toEqual([14, 50, 15, 51]);
    expect(lonSpan([170, -20, -170, -10])).toBe(20);
    expect(lonSpan([14, 50, 15, 51])).toBe(1);
  });

  it('normalise dragged corners to [-180, 180]: a drag across the antimeridian gives West > East', () => {
    // The map repeats the world: east of 180 the cursor reads 190, not -170.
    expect(cornersToBbox(corner(170, -10), corner(190, -20))).toEqual([170, -20, -170, -10]);
    expect(cornersToBbox(corner(-190, -10), corner(-170, -20))).toEqual([170, -20, -170, -10]);
    // On a world copy, a box not crossing the antimeridian comes back to the main world.
    expect(cornersToBbox(corner(374.4, 50), corner(374.5, 51))[0]).toBeCloseTo(14.4, 9);
    expect(cornersToBbox(corner(14, 50), corner(15, 51))).toEqual([14, 50, 15, 51]);
    // Edges exactly on the antimeridian stay where they were drawn.
    expect(cornersToBbox(corner(170, 0), corner(180, 1))).toEqual([170, 0, 180, 1]);
    expect(cornersToBbox(corner(-180, 0), corner(-170, 1))).toEqual([-180, 0, -170, 1]);
    // Wider than the world: the whole world.
    expect(cornersToBbox(corner(-200, 0), corner(170, 1))).toEqual([-180, 0, 180, 1]);
  });
});

describe('zones on the map', () => {
  it('carry their index, name and colour, keeping the geometry', () => {
    const geometry = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const fc = zoneFeatures([{ name: 'A', geometry }, { name: 'B', geometry }], ['#111111', '#222222']);
    expect(fc.features.map((f) => f.properties)).toEqual([{ idx: 0, name: 'A', color: '#111111' }, { idx: 1, name: 'B', color: '#222222' }]);
    expect(fc.features[1].geometry).toBe(geometry);
  });
});
