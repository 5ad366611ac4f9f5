// GeoJSON builders for the explorer's map layers.
import type { Bbox, SimilarGroup } from '@/lib/client/api';

type FC = GeoJSON.FeatureCollection;

export const EMPTY_FC: FC = { type: 'FeatureCollection', features: [] };

/**
 * The box with its east edge moved past 180 when it crosses the antimeridian (west > east), so
 * the map draws and fits the narrow box near Fiji, not the wide one around the world.
 */
export function unwrapBbox(b: Bbox): Bbox {
  return b[0] > b[2] ? [b[0], b[1], b[2] + 360, b[3]] : b;
}

export function bboxPolygon(b: Bbox): GeoJSON.Polygon {
  const [w, s, e, n] = unwrapBbox(b);
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

export function bboxFeatures(b: Bbox | null): FC {
  return b ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: bboxPolygon(b) }] } : EMPTY_FC;
}

export function similarLines(groups: SimilarGroup[]): FC {
  return {
    type: 'FeatureCollection',
    features: groups.map((g, i) => ({
      type: 'Feature',
      id: i,
      properties: { idx: i, trips: g.trips },
      geometry: { type: 'LineString', coordinates: [g.origin.center, g.destination.center] },
    })),
  };
}

export function similarEndpoints(groups: SimilarGroup[]): FC {
  return {
    type: 'FeatureCollection',
    features: groups.flatMap((g, i) => [
      { type: 'Feature' as const, properties: { idx: i, end: 'origin' }, geometry: { type: 'Point' as const, coordinates: g.origin.center } },
      { type: 'Feature' as const, properties: { idx: i, end: 'destination' }, geometry: { type: 'Point' as const, coordinates: g.destination.center } },
    ]),
  };
}

/**
 * Two corners (any order) as [west, south, east, north] with longitudes in [-180, 180]. The map
 * repeats the world, so a corner may lie beyond 180; a box dragged across the antimeridian comes
 * out with west > east, and one spanning the whole world as -180..180.
 */
export function cornersToBbox(a: { lng: number; lat: number }, b: { lng: number; lat: number }): Bbox {
  const [west, east] = [Math.min(a.lng, b.lng), Math.max(a.lng, b.lng)];
  const [south, north] = [Math.min(a.lat, b.lat), Math.max(a.lat, b.lat)];
  if (east - west >= 360) return [-180, south, 180, north];
  return [wrapWest(west), south, -wrapWest(-east), north];
}

/** A longitude in [-180, 180) (a west edge; an east edge is -wrapWest(-lon), in (-180, 180]). */
function wrapWest(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** Width of a box in degrees of longitude, across the antimeridian too. */
export const lonSpan = (b: Bbox): number => unwrapBbox(b)[2] - b[0];

/** Zones as map features carrying `idx`, `name` and their choropleth `color`. */
export function zoneFeatures(zones: { name: string; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[], colors: string[]): FC {
  return {
    type: 'FeatureCollection',
    features: zones.map((z, i) => ({ type: 'Feature', id: i, properties: { idx: i, name: z.name, color: colors[i] }, geometry: z.geometry })),
  };
}
