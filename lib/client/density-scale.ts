// The density layer's colour classes and legend: from 1 trip to the largest cell in view, so the
// legend's top value is always the busiest cell's exact count. Map and legend colour a cell by
// the same function (the class of the largest stop not above its count).

export const DENSITY_COLORS = ['#fff3b0', '#fdc35a', '#f38b3c', '#d8452b', '#8f1d2c'];

export interface LegendStop {
  color: string;
  trips: number;
}

/** Legend stops: evenly spaced counts from 1 to max (integers, ascending, max last). */
export function densityStops(max: number): LegendStop[] {
  if (max <= 0) return [];
  const n = DENSITY_COLORS.length;
  const values = DENSITY_COLORS.map((_, i) => (i === n - 1 ? max : Math.max(1, Math.round(1 + ((max - 1) * i) / (n - 1)))));
  // Small maxima repeat values (max 2 -> 1, 1, 2, 2, 2): keep one stop per value.
  return values.map((trips, i) => ({ color: DENSITY_COLORS[i], trips })).filter((s, i, all) => i === 0 || s.trips !== all[i - 1].trips);
}

/** The colour of a count: that of the largest legend stop not above it. */
export function densityColor(trips: number, stops: LegendStop[]): string {
  let color = stops[0]?.color ?? DENSITY_COLORS[0];
  for (const s of stops) if (s.trips <= trips) color = s.color;
  return color;
}

/** The cells as polygons carrying their count and fill colour. */
export function densityFeatures(cells: { west: number; south: number; east: number; north: number; trips: number }[]): GeoJSON.FeatureCollection {
  const stops = densityStops(cells.reduce((m, c) => Math.max(m, c.trips), 0));
  return {
    type: 'FeatureCollection',
    features: cells.map((c) => ({
      type: 'Feature',
      properties: { trips: c.trips, color: densityColor(c.trips, stops) },
      geometry: { type: 'Polygon', coordinates: [[[c.west, c.south], [c.east, c.south], [c.east, c.north], [c.west, c.north], [c.west, c.south]]] },
    })),
  };
}
