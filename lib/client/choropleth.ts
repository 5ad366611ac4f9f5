// Colour classes of the zone choropleth: five equal steps of the weekly average from 0 to the
// largest zone's, so the legend reads "from x" and the top class holds the busiest zone.
import { DENSITY_COLORS } from './density-scale';

export interface ChoroplethClass {
  color: string;
  /** lower bound (inclusive) of the class */
  from: number;
}

export const NO_TRIPS_COLOR = '#e9ecef';

export function choroplethClasses(max: number): ChoroplethClass[] {
  if (!(max > 0)) return [];
  return DENSITY_COLORS.map((color, i) => ({ color, from: (max * i) / DENSITY_COLORS.length }));
}

/** A zone's colour: grey for no trips, else the class of the largest lower bound not above it. */
export function choroplethColor(value: number, classes: ChoroplethClass[]): string {
  if (!(value > 0) || classes.length === 0) return NO_TRIPS_COLOR;
  let color = classes[0].color;
  for (const c of classes) if (c.from <= value) color = c.color;
  return color;
}
