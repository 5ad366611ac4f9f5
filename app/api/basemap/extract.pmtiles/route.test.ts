// The MAP_PMTILES extract over HTTP: a small archive built here (lib/testing/pmtiles-writer.ts),
// served by the route through a real HTTP server, read back byte range by byte range and tile
// by tile with the `pmtiles` reader library (what the browser's pmtiles:// protocol uses).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FetchSource, PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@/lib/testing/fixtures';
import { makeTiles, writePmtiles } from '@/lib/testing/pmtiles-writer';
import { GET } from './route';

const PRAGUE: [number, number, number, number] = [14.2, 49.9, 14.7, 50.2];
const layers: Record<string, GeoJSON.FeatureCollection> = {
  earth: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'earth' }, geometry: { type: 'Polygon', coordinates: [[[14.2, 49.9], [14.7, 49.9], [14.7, 50.2], [14.2, 50.2], [14.2, 49.9]]] } }] },
  roads: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'major_road', name: 'Wilsonova' }, geometry: { type: 'LineString', coordinates: [[14.3, 50.0], [14.43, 50.08], [14.6, 50.15]] } }] },
};
const tiles = makeTiles(layers, 0, 6);
const archive = writePmtiles(tiles, { minZoom: 0, maxZoom: 6, bounds: PRAGUE, metadata: { name: 'test extract' } });
const file = path.join(tempDir(), 'extract.pmtiles');
let server: http.Server;
let url: string;

beforeAll(async () => {
  fs.writeFileSync(file, archive);
  process.env.MAP_PMTILES = file;
  // The route handler behind a plain node HTTP server (what Next does for it in the app).
  server = http.createServer(async (req, res) => {
    const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])) as [string, string][]);
    const response = await GET(new Request(`http://localhost${req.url}`, { headers }), undefined);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) Readable.fromWeb(response.body as never).pipe(res);
    else res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/basemap/extract.pmtiles`;
});
afterAll(() => {
  server?.close();
  delete process.env.MAP_PMTILES;
});

const get = async (range?: string, at = url) => {
  const res = await fetch(at, { headers: range ? { range } : {} });
  return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
};

describe('GET /api/basemap/extract.pmtiles', () => {
  it('answers byte ranges with 206 and Content-Range, the bytes of the file', async () => {
    const size = archive.length;
    for (const [range, start, end] of [['bytes=0-126', 0, 126], ['bytes=127-', 127, size - 1], ['bytes=-20', size - 20, size - 1], [`bytes=10-${size + 100}`, 10, size - 1]] as const) {
      const r = await get(range);
      expect(r.status, range).toBe(206);
      expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(r.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.from(r.body).equals(Buffer.from(archive.subarray(start, end + 1)))).toBe(true);
    }
  });

  it('answers the whole file without a Range header', async () => {
    const r = await get();
    expect(r.status).toBe(200);
    expect(Buffer.from(r.body).equals(Buffer.from(archive))).toBe(true);
  });

  it('answers 416 with the size for bad or unsatisfiable ranges', async () => {
    for (const range of [`bytes=${archive.length}-`, 'bytes=9-3', 'bytes=0-1,4-5', 'lines=1-2', 'bytes=x-']) {
      const r = await get(range);
      expect(r.status, range).toBe(416);
      expect(r.headers.get('content-range')).toBe(`bytes */${archive.length}`);
      expect(r.body.length).toBe(0);
    }
  });

  it('serves only the configured file, whatever the URL says', async () => {
    const r = await get('bytes=0-6', `${url}?path=../../package.json`);
    expect(new TextDecoder().decode(r.body)).toBe('PMTiles');
    const escaped = await get('bytes=0-6', url.replace('extract.pmtiles', 'extract.pmtiles%2F..%2F..%2Fpackage.json'));
    expect(new TextDecoder().decode(escaped.body)).toBe('PMTiles');
  });

  it('is read back tile by tile by the pmtiles library', async () => {
    const reader = new PMTiles(new FetchSource(url));
    const header = await reader.getHeader();
    expect([header.minZoom, header.maxZoom, header.numAddressedTiles]).toEqual([0, 6, tiles.length]);
    expect([header.minLon, header.minLat, header.maxLon, header.maxLat]).toEqual(PRAGUE);
    expect(await reader.getMetadata()).toEqual({ name: 'test extract' });
    for (const t of [tiles[0], tiles[Math.floor(tiles.length / 2)], tiles.at(-1)!]) {
      const got = await reader.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(new Uint8Array(got!.data)).equals(Buffer.from(t.data)), `${t.z}/${t.x}/${t.y}`).toBe(true);
    }
    expect(await reader.getZxy(6, 0, 0)).toBeUndefined(); // a tile the extract does not hold
  });

  it('answers 404 when no extract is configured or the file is missing', async () => {
    process.env.MAP_PMTILES = path.join(path.dirname(file), 'missing.pmtiles');
    expect((await get('bytes=0-1')).status).toBe(404);
    delete process.env.MAP_PMTILES;
    expect((await get('bytes=0-1')).status).toBe(404);
    process.env.MAP_PMTILES = file;
  });
});
