// Areas of POST /api/weekly-average (a box, a polygon or a region) as the explorer holds them,
// with an optional display name (a zone's), and their round trip through the URL.
// URL encoding: lz-string's compressToEncodedURIComponent of the JSON. It keeps every float
// exactly as drawn (no rounding, so a shared link answers exactly the same), needs almost no
// escaping ('+' only), and shrinks long polygons (a 50-corner district at full precision: ~1.3 kB
// instead of ~2 kB of JSON, ~2.5 kB escaped). A polyline encoding would be shorter but rounds.
import LZString from 'lz-string';
import type { Bbox } from './api';
import { boxSizeText } from './bbox';

export type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;
export type Area = { bbox: Bbox } | { polygon: AreaGeometry } | { region: string };

/** The body of POST /api/weekly-average: at least one of origin and destination. */
export interface AreaWeeklyBody {
  origin?: Area;
  destination?: Area;
  from?: string;
  to?: string;
}

export interface NamedArea {
  area: Area;
  /** a zone's name; drawn areas have none */
  name?: string;
}

export function encodeArea(a: NamedArea): string {
  return LZString.compressToEncodedURIComponent(JSON.stringify(a.name ? { ...a.area, name: a.name } : a.area));
}

/** The area a URL parameter holds, or null when it is not one (a hand-edited or truncated link). */
export function decodeArea(s: string | undefined | null): NamedArea | null {
  if (!s) return null;
  let v: unknown;
  try {
    v = JSON.parse(LZString.decompressFromEncodedURIComponent(s) ?? '');
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const name = typeof o.name === 'string' && o.name ? o.name : undefined;
  const withName = (area: Area): NamedArea => (name ? { area, name } : { area });
  if (Array.isArray(o.bbox) && o.bbox.length === 4 && o.bbox.every(Number.isFinite)) return withName({ bbox: o.bbox as Bbox });
  if (typeof o.region === 'string' && o.region.trim()) return withName({ region: o.region });
  if (isAreaGeometry(o.polygon)) return withName({ polygon: o.polygon });
  return null;
}

const isPosition = (p: unknown) => Array.isArray(p) && p.length >= 2 && p.every(Number.isFinite);
const isRings = (r: unknown) => Array.isArray(r) && r.length > 0 && r.every((ring) => Array.isArray(ring) && ring.every(isPosition));

/** A Polygon or MultiPolygon whose coordinates are finite numbers (the server checks the rest). */
export function isAreaGeometry(g: unknown): g is AreaGeometry {
  if (!g || typeof g !== 'object') return false;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return isRings(coordinates);
  if (type === 'MultiPolygon') return Array.isArray(coordinates) && coordinates.length > 0 && coordinates.every(isRings);
  return false;
}

/** Positions of a polygon, closing ones included. */
export function vertexCount(g: AreaGeometry): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
}

/** The smallest box holding the polygon (for fitting the map to it). */
export function geometryBbox(g: AreaGeometry): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polygons)
    for (const ring of rings)
      for (const [x, y] of ring) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
  return b;
}

/** The area as a GeoJSON Feature (export of a drawn area): the region has no shape to export. */
export function areaFeature(a: NamedArea): GeoJSON.Feature | null {
  const properties = a.name ? { name: a.name } : {};
  if ('polygon' in a.area) return { type: 'Feature', properties, geometry: a.area.polygon };
  if ('bbox' in a.area) {
    const [w, s, e, n] = a.area.bbox;
    return { type: 'Feature', properties, bbox: a.area.bbox, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } };
  }
  return null;
}

/** Corners of a polygon (closing positions not counted). */
export function cornerCount(g: AreaGeometry): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return vertexCount(g) - polygons.reduce((n, rings) => n + rings.length, 0);
}

/** How the explorer names an area: the zone's name, or its kind and size. */
export function areaLabel(a: NamedArea): string {
  if (a.name) return a.name;
  if ('bbox' in a.area) return `Box of ${boxSizeText(a.area.bbox)}`;
  if ('region' in a.area) return `Region ${a.area.region}`;
  return `Polygon of ${cornerCount(a.area.polygon)} corners`;
}
