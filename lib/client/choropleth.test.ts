import { describe, expect, it } from 'vitest';
import { choroplethClasses, choroplethColor, NO_TRIPS_COLOR } from './choropleth';
import { DENSITY_COLORS } from './density-scale';

describe('choropleth classes', () => {
  it('splits 0..max in five steps and colours by class, grey for none', () => {
    const classes = choroplethClasses(10);
    expect(classes.map((c) => c.from)).toEqual([0, 2, 4, 6, 8]);
    expect(choroplethColor(0, classes)).toBe(NO_TRIPS_COLOR);
    expect(choroplethColor(0.5, classes)).toBe(DENSITY_COLORS[0]);
    expect(choroplethColor(4, classes)).toBe(DENSITY_COLORS[2]);
    expect(choroplethColor(10, classes)).toBe(DENSITY_COLORS[4]);
    expect(choroplethClasses(0)).toEqual([]);
    expect(choroplethColor(3, [])).toBe(NO_TRIPS_COLOR);
  });
});
