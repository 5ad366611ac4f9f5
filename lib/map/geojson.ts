// GeoJSON builders for the explorer's map layers.
import type { Bbox, SimilarGroup } from '@/lib/client/api';

type FC = GeoJSON.FeatureCollection;

export const EMPTY_FC: FC = { type: 'FeatureCollection', features: [] };

export function bboxPolygon(b: Bbox): GeoJSON.Polygon {
  const [w, s, e, n] = b;
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

/** Normalises two corners (any order) into [west, south, east, north]. */
export function cornersToBbox(a: { lng: number; lat: number }, b: { lng: number; lat: number }): Bbox {
  return [Math.min(a.lng, b.lng), Math.min(a.lat, b.lat), Math.max(a.lng, b.lng), Math.max(a.lat, b.lat)];
}
