// The MapLibre style of a PMTiles extract: the Protomaps basemap layers (light flavour) over a
// pmtiles:// vector source. No glyphs or sprites can be fetched offline and no npm package
// ships them, so the symbol layers (place and street names, POI icons) are left out: streets,
// water, land use, buildings and boundaries still draw.
import { layers, namedFlavor } from '@protomaps/basemaps';
import type { StyleSpecification } from 'maplibre-gl';

export const PROTOMAPS_ATTRIBUTION =
  '<a href="https://protomaps.com">Protomaps</a> © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** A style reading the extract at `url` (absolute) through the pmtiles:// protocol. */
export function pmtilesStyle(url: string): StyleSpecification {
  return {
    version: 8,
    sources: { protomaps: { type: 'vector', url: `pmtiles://${url}`, attribution: PROTOMAPS_ATTRIBUTION } },
    layers: layers('protomaps', namedFlavor('light'), { lang: 'en' }).filter((l) => l.type !== 'symbol'),
  };
}
