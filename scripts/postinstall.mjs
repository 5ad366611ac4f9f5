// After npm install: copy MapLibre's worker into public/ (Next cannot serve it from
// node_modules) and build the offline basemap GeoJSON from the world-atlas package. No network
// access. (Prisma is used for the schema and migrations; queries go through pg, so no client
// is generated.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const nm = path.join(root, 'node_modules');
if (!fs.existsSync(path.join(nm, 'maplibre-gl'))) process.exit(0);

fs.mkdirSync(path.join(root, 'public', 'basemap'), { recursive: true });
fs.copyFileSync(path.join(nm, 'maplibre-gl', 'dist', 'maplibre-gl-worker.mjs'), path.join(root, 'public', 'maplibre-gl-worker.mjs'));

// The basemap labels' fonts (lib/map/basemap-fonts.ts): Noto Sans, the faces the Protomaps
// style names, one woff2 per subset.
const fonts = path.join(root, 'public', 'basemap', 'fonts');
fs.mkdirSync(fonts, { recursive: true });
const fontFiles = path.join(nm, '@fontsource', 'noto-sans', 'files');
for (const f of fs.readdirSync(fontFiles)) {
  if (/^noto-sans-[a-z-]+-(400-normal|500-normal|400-italic)\.woff2$/.test(f)) fs.copyFileSync(path.join(fontFiles, f), path.join(fonts, f));
}

const { feature } = await import('topojson-client');
const topo = JSON.parse(fs.readFileSync(path.join(nm, 'world-atlas', 'countries-50m.json'), 'utf8'));
fs.writeFileSync(path.join(root, 'public', 'basemap', 'countries.geojson'), JSON.stringify(feature(topo, topo.objects.countries)));
console.log('postinstall: maplibre worker, offline basemap and basemap fonts ready');
