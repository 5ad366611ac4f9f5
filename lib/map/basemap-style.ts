// The MapLibre style of a basemap choice, in the browser: a remote style URL, the PMTiles
// extract (registering the pmtiles:// protocol once) or the offline countries.
import { addProtocol, type StyleSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { Basemap } from './basemap';
import { FONTS_PATH } from './basemap-fonts';
import { OFFLINE_STYLE } from './offline-style';
import { pmtilesStyle } from './pmtiles-style';

let protocolAdded = false;

export function basemapStyle(b: Basemap): string | StyleSpecification {
  if (b.kind === 'remote') return b.url;
  if (b.kind === 'offline') return OFFLINE_STYLE;
  if (!protocolAdded) {
    addProtocol('pmtiles', new Protocol().tile);
    protocolAdded = true;
  }
  return pmtilesStyle(new URL(b.url, window.location.origin).href, new URL(FONTS_PATH, window.location.origin).href);
}
