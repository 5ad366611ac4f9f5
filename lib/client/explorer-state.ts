// The explorer's whole state, and its round trip through the URL query string: the area, the
// filters, the density toggle and the map's camera (center and zoom), so a link shows the same.
import type { Bbox, Match } from './api';
import { decodeArea, encodeArea, type AreaGeometry, type NamedArea } from './areas';
import { parseBboxParam } from './bbox';

export interface ExplorerState {
  bbox: Bbox | null;
  region: string | null;
  /** a drawn polygon or a picked zone (instead of the box or region) */
  polygon: { geometry: AreaGeometry; name?: string } | null;
  /** the From / To pair: trips from one area to another (either may be empty) */
  origin: NamedArea | null;
  destination: NamedArea | null;
  match: Match;
  from: string;
  to: string;
  /** the density layer is shown (on unless `density=off`) */
  density: boolean;
  /** similar trips: cell precision (geohash length) and time bucket in minutes; null = the store's */
  cells: number | null;
  bucket: number | null;
  /** the map's camera, once it has moved */
  camera: { center: [number, number]; zoom: number } | null;
}

export const DEFAULT_STATE: ExplorerState = { bbox: null, region: null, polygon: null, origin: null, destination: null, match: 'origin', from: '', to: '', density: true, cells: null, bucket: null, camera: null };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MATCHES: Match[] = ['origin', 'destination', 'both'];

type Params = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function stateFromParams(params: Params): ExplorerState {
  const polygon = polygonParam(first(params.polygon));
  const bbox = polygon ? null : parseBboxParam(first(params.bbox));
  const region = first(params.region)?.trim() || null;
  const match = first(params.match) as Match | undefined;
  const from = first(params.from) ?? '';
  const to = first(params.to) ?? '';
  return {
    bbox,
    region: bbox || polygon ? null : region,
    polygon,
    origin: decodeArea(first(params.orig)),
    destination: decodeArea(first(params.dest)),
    match: match && MATCHES.includes(match) ? match : 'origin',
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
    density: first(params.density) !== 'off',
    cells: oneOf(first(params.cells), CELL_PRECISIONS),
    bucket: oneOf(first(params.bucket), BUCKET_MINUTES),
    camera: parseCamera(first(params.center), first(params.zoom)),
  };
}

function polygonParam(v: string | undefined): ExplorerState['polygon'] {
  const a = decodeArea(v);
  return a && 'polygon' in a.area ? { geometry: a.area.polygon, ...(a.name ? { name: a.name } : {}) } : null;
}

/** The choices the explorer offers for similar trips. */
export const CELL_PRECISIONS = [4, 5, 6];
export const BUCKET_MINUTES = [60, 180, 360];

function oneOf(v: string | undefined, allowed: number[]): number | null {
  return v !== undefined && allowed.includes(Number(v)) ? Number(v) : null;
}

function parseCamera(center: string | undefined, zoom: string | undefined): ExplorerState['camera'] {
  const c = center?.split(',').map(Number);
  const z = Number(zoom);
  if (!c || c.length !== 2 || !zoom || !Number.isFinite(z) || z < 0 || z > 24) return null;
  const [lon, lat] = c;
  if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 85)) return null;
  return { center: [lon, lat], zoom: z };
}

/** A camera rounded for the URL: 5 decimals (~1 m) for the center, 2 for the zoom. */
export function roundCamera(center: [number, number], zoom: number): NonNullable<ExplorerState['camera']> {
  const r = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return { center: [r(center[0], 5), r(center[1], 5)], zoom: r(zoom, 2) };
}

export function stateToQuery(s: ExplorerState): string {
  const p = new URLSearchParams();
  if (s.polygon) p.set('polygon', encodeArea({ area: { polygon: s.polygon.geometry }, name: s.polygon.name }));
  else if (s.bbox) p.set('bbox', s.bbox.join(','));
  else if (s.region) p.set('region', s.region);
  if (s.origin) p.set('orig', encodeArea(s.origin));
  if (s.destination) p.set('dest', encodeArea(s.destination));
  if (s.match !== 'origin') p.set('match', s.match);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (!s.density) p.set('density', 'off');
  if (s.cells) p.set('cells', String(s.cells));
  if (s.bucket) p.set('bucket', String(s.bucket));
  if (s.camera) {
    p.set('center', s.camera.center.join(','));
    p.set('zoom', String(s.camera.zoom));
  }
  return p.toString();
}
