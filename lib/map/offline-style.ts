// The offline basemap: country shapes from the world-atlas package, converted to GeoJSON at
// install time and served from the app's own /basemap folder. No remote tiles, no glyphs.
import type { StyleSpecification } from 'maplibre-gl';

export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: {
    // 1:50m shapes carry no detail beyond zoom 6: tiling stops there and deeper zooms reuse
    // (overzoom) those tiles, which keeps the worker cheap when zoomed into a city.
    countries: { type: 'geojson', data: '/basemap/countries.geojson', maxzoom: 6, attribution: '<a href="https://www.naturalearthdata.com">Natural Earth</a>' },
  },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#cfe3f2' } },
    { id: 'countries-fill', type: 'fill', source: 'countries', paint: { 'fill-color': '#f3f1ea' } },
    { id: 'countries-line', type: 'line', source: 'countries', paint: { 'line-color': '#b9b4a6', 'line-width': 0.8 } },
  ],
};
