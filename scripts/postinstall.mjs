// After npm install: generate the Prisma client (offline engine shim), copy MapLibre's worker
// into public/ (Next cannot serve it from node_modules) and build the offline basemap GeoJSON
// from the world-atlas package. No network access.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const nm = path.join(root, 'node_modules');
if (!fs.existsSync(path.join(nm, 'prisma'))) process.exit(0); // production install without dev tools

const gen = spawnSync(process.execPath, [path.join(root, 'scripts', 'prisma.mjs'), 'generate'], { stdio: 'inherit', cwd: root });
if (gen.status !== 0) process.exit(gen.status ?? 1);

fs.mkdirSync(path.join(root, 'public', 'basemap'), { recursive: true });
fs.copyFileSync(path.join(nm, 'maplibre-gl', 'dist', 'maplibre-gl-worker.mjs'), path.join(root, 'public', 'maplibre-gl-worker.mjs'));

const { feature } = await import('topojson-client');
for (const [src, out] of [['countries-50m.json', 'countries.geojson'], ['land-50m.json', 'land.geojson']]) {
  const topo = JSON.parse(fs.readFileSync(path.join(nm, 'world-atlas', src), 'utf8'));
  const key = Object.keys(topo.objects)[0];
  fs.writeFileSync(path.join(root, 'public', 'basemap', out), JSON.stringify(feature(topo, topo.objects[key])));
}
console.log('postinstall: prisma client, maplibre worker and offline basemap ready');
