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

const { feature } = await import('topojson-client');
const topo = JSON.parse(fs.readFileSync(path.join(nm, 'world-atlas', 'countries-50m.json'), 'utf8'));
fs.writeFileSync(path.join(root, 'public', 'basemap', 'countries.geojson'), JSON.stringify(feature(topo, topo.objects.countries)));
console.log('postinstall: maplibre worker and offline basemap ready');
