// Writes a small PMTiles extract of Prague for the MAP_PMTILES browser test: land, a named
// street, a river and a named town, zooms 0-8 (lib/testing/pmtiles-writer.ts).
// Run: node --import tsx scripts/make_test_extract.ts /tmp/extract.pmtiles
import fs from 'node:fs';
import { makeTiles, writePmtiles } from '../lib/testing/pmtiles-writer';

const out = process.argv[2];
if (!out) throw new Error('usage: make_test_extract.ts OUT.pmtiles');
const feature = (properties: Record<string, unknown>, geometry: GeoJSON.Geometry): GeoJSON.Feature => ({ type: 'Feature', properties, geometry });
const collection = (...features: GeoJSON.Feature[]): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features });
const layers = {
  earth: collection(feature({ kind: 'earth' }, { type: 'Polygon', coordinates: [[[5, 45], [25, 45], [25, 55], [5, 55], [5, 45]]] })),
  roads: collection(feature({ kind: 'major_road', name: 'Wilsonova', min_zoom: 5 }, { type: 'LineString', coordinates: [[13.5, 49.6], [14.43, 50.08], [15.4, 50.6]] })),
  places: collection(feature({ kind: 'locality', name: 'Praha', 'name:en': 'Prague', min_zoom: 2, population_rank: 15 }, { type: 'Point', coordinates: [14.42, 50.09] })),
};
const tiles = makeTiles(layers, 0, 8);
fs.writeFileSync(out, writePmtiles(tiles, { minZoom: 0, maxZoom: 8, bounds: [5, 45, 25, 55], metadata: { name: 'Prague test extract' } }));
console.log(`wrote ${tiles.length} tiles to ${out}`);
