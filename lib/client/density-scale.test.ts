import { describe, expect, it } from 'vitest';
import { DENSITY_COLORS, densityColor, densityStops } from './density-scale';
import { countRange, lineWidth, MAX_LINE_WIDTH, MIN_LINE_WIDTH } from './similar-style';

describe('density legend', () => {
  it('runs from 1 to the largest cell, ascending, the top value being the maximum', () => {
    const stops = densityStops(97);
    expect(stops.map((s) => s.trips)).toEqual([1, 25, 49, 73, 97]);
    expect(densityStops(2).map((s) => s.trips)).toEqual([1, 2]);
    expect(densityStops(1).map((s) => s.trips)).toEqual([1]);
    expect(densityStops(0)).toEqual([]);
  });

  it('colours a count like the largest stop not above it, as the legend shows', () => {
    const stops = densityStops(97);
    expect(densityColor(1, stops)).toBe(DENSITY_COLORS[0]);
    expect(densityColor(24, stops)).toBe(DENSITY_COLORS[0]);
    expect(densityColor(25, stops)).toBe(DENSITY_COLORS[1]);
    expect(densityColor(96, stops)).toBe(DENSITY_COLORS[3]);
    expect(densityColor(97, stops)).toBe(DENSITY_COLORS[4]);
    const two = densityStops(2);
    expect(densityColor(2, two)).toBe(two[1].color);
  });
});

describe('similar-trip line widths', () => {
  it('grow with the count between the smallest and the largest group shown', () => {
    expect(lineWidth(2, 2, 10)).toBe(MIN_LINE_WIDTH);
    expect(lineWidth(10, 2, 10)).toBe(MAX_LINE_WIDTH);
    expect(lineWidth(6, 2, 10)).toBeCloseTo((MIN_LINE_WIDTH + MAX_LINE_WIDTH) / 2);
    expect(countRange([3, 9, 2])).toEqual({ min: 2, max: 9 });
    expect(countRange([])).toBeNull();
  });
});

describe('density cells', () => {
  it('become polygons with their count and ramp level', async () => {
    const { densityFeatures } = await import('./density-scale');
    const fc = densityFeatures([{ west: 14, south: 50, east: 14.5, north: 50.25, trips: 3 }, { west: 14.5, south: 50, east: 15, north: 50.25, trips: 1 }]);
    const stops = densityStops(3);
    expect(fc.features.map((f) => f.properties)).toEqual([{ trips: 3, color: stops[stops.length - 1].color }, { trips: 1, color: stops[0].color }]);
    expect(fc.features[0].geometry).toEqual({ type: 'Polygon', coordinates: [[[14, 50], [14.5, 50], [14.5, 50.25], [14, 50.25], [14, 50]]] });
  });
});
