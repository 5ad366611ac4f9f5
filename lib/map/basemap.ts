// Which basemap the explorer shows, decided on the server from the environment (in order):
//   MAP_PMTILES=extract.pmtiles  the app's own street-level extract (served with range requests);
//   MAP_STYLE_URL=offline        the offline country shapes only;
//   MAP_STYLE_URL=<url>          that MapLibre style;
//   unset                        OpenFreeMap's public, keyless "liberty" style (streets and names).
// Whatever fails to load in the browser falls back to the offline countries.

export type Basemap = { kind: 'remote'; url: string } | { kind: 'pmtiles'; url: string } | { kind: 'offline' };

export const PUBLIC_STYLE_URL = 'https://tiles.openfreemap.org/styles/liberty';
/** Where the app serves the MAP_PMTILES extract (app/api/basemap/extract.pmtiles). */
export const EXTRACT_PATH = '/api/basemap/extract.pmtiles';

export function chooseBasemap(env: Record<string, string | undefined> = process.env): Basemap {
  if (env.MAP_PMTILES) return { kind: 'pmtiles', url: EXTRACT_PATH };
  if (env.MAP_STYLE_URL === 'offline') return { kind: 'offline' };
  return { kind: 'remote', url: env.MAP_STYLE_URL || PUBLIC_STYLE_URL };
}
