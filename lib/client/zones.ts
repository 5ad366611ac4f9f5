// Zones loaded from a GeoJSON FeatureCollection (districts): each Polygon/MultiPolygon feature
// becomes a zone named by its name/NAME/id property (or the feature's id, or its position).
// Anything else is refused with a message that says what is wrong and where.
import { isAreaGeometry, type AreaGeometry } from './areas';

export interface Zone {
  name: string;
  geometry: AreaGeometry;
}

export class ZoneFileError extends Error {
  name = 'ZoneFileError';
}

/** More would mean as many requests: a district file has tens, a city's blocks belong elsewhere. */
export const MAX_ZONES = 500;

const NAME_KEYS = ['name', 'NAME', 'Name', 'id', 'ID'];

function zoneName(f: { id?: unknown; properties?: unknown }, index: number): string {
  const props = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
  for (const key of NAME_KEYS) {
    const v = props[key];
    if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v).trim();
  }
  if (typeof f.id === 'string' || typeof f.id === 'number') return String(f.id);
  return `Zone ${index + 1}`;
}

/** The zones of a GeoJSON text; throws ZoneFileError naming the problem. */
export function parseZones(text: string): { zones: Zone[]; skipped: number } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ZoneFileError('The file is not valid JSON.');
  }
  const fc = v as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new ZoneFileError('Expected a GeoJSON FeatureCollection (an object with "type": "FeatureCollection" and "features").');
  const zones: Zone[] = [];
  let skipped = 0;
  fc.features.forEach((f: { type?: unknown; geometry?: { type?: unknown } | null }, i: number) => {
    const type = f?.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      skipped++;
      return;
    }
    if (!isAreaGeometry(f.geometry)) throw new ZoneFileError(`Feature ${i + 1} has a ${type} whose coordinates are not rings of [longitude, latitude] numbers.`);
    zones.push({ name: zoneName(f as object, i), geometry: f.geometry });
  });
  if (zones.length === 0) throw new ZoneFileError('The file has no Polygon or MultiPolygon features.');
  if (zones.length > MAX_ZONES) throw new ZoneFileError(`The file has ${zones.length} zones; at most ${MAX_ZONES} are allowed.`);
  return { zones, skipped };
}
