// The MapLibre style of a PMTiles extract: the Protomaps basemap layers (light flavour) over a
// pmtiles:// vector source. Labels (place, street, water names) are drawn by MapLibre from the
// Noto Sans files the app ships (basemap-fonts.ts): no glyph server is needed. No sprite can be
// fetched offline, so symbols keep their text without their icons (a town's dot, a POI's
// pictogram, a road shield), and a layer of icons only (one-way arrows) is left out.
import { layers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { basemapFontFaces } from './basemap-fonts';

export const PROTOMAPS_ATTRIBUTION =
  '<a href="https://protomaps.com">Protomaps</a> © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** A layer as drawn without a sprite: symbol layers keep their text, lose their icons; null when nothing is left. */
function withoutIcons(layer: LayerSpecification): LayerSpecification | null {
  if (layer.type !== 'symbol') return layer;
  if (!layer.layout?.['text-field']) return null;
  const layout = Object.fromEntries(Object.entries(layer.layout).filter(([k]) => !k.startsWith('icon-')));
  return { ...layer, layout };
}

/** A style reading the extract at `url` (absolute) through the pmtiles:// protocol, its fonts under `fontsUrl` (absolute). */
export function pmtilesStyle(url: string, fontsUrl: string): StyleSpecification {
  return {
    version: 8,
    sources: { protomaps: { type: 'vector', url: `pmtiles://${url}`, attribution: PROTOMAPS_ATTRIBUTION } },
    'font-faces': basemapFontFaces(fontsUrl),
    layers: layers('protomaps', namedFlavor('light'), { lang: 'en' }).flatMap((l) => withoutIcons(l) ?? []),
  };
}
