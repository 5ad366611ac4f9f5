// A minimal PMTiles v3 writer for tests (npm has PMTiles readers, no writer): the 127-byte
// header, one uncompressed root directory (varint columns: tile id deltas, run lengths,
// lengths, offsets), JSON metadata and uncompressed MVT tiles made with geojson-vt + vt-pbf.
// Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
import GeoJSONVT from 'geojson-vt';
import { zxyToTileId } from 'pmtiles';
import { fromGeojsonVt } from 'vt-pbf';

const HEADER_BYTES = 127;

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return out;
}

interface Tile { id: number; data: Uint8Array }

/** Vector tiles z minZoom..maxZoom of the given layers (GeoJSON feature collections), empty tiles left out. */
export function makeTiles(layers: Record<string, GeoJSON.FeatureCollection>, minZoom: number, maxZoom: number): (Tile & { z: number; x: number; y: number })[] {
  const indexes = Object.entries(layers).map(([name, fc]) => [name, new GeoJSONVT(fc, { maxZoom, indexMaxZoom: maxZoom, indexMaxPoints: 0 })] as const);
  const tiles = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = 0; x < 2 ** z; x++) {
      for (let y = 0; y < 2 ** z; y++) {
        const present = Object.fromEntries(indexes.map(([name, index]) => [name, index.getTile(z, x, y)]).filter(([, t]) => t && (t as { features: unknown[] }).features.length));
        if (Object.keys(present).length) tiles.push({ z, x, y, id: zxyToTileId(z, x, y), data: fromGeojsonVt(present, { version: 2 }) });
      }
    }
  }
  return tiles;
}

/** A PMTiles archive holding the tiles (MVT, no compression) with the given bounds. */
export function writePmtiles(tiles: Tile[], opts: { minZoom: number; maxZoom: number; bounds: [number, number, number, number]; metadata?: object }): Uint8Array {
  const sorted = [...tiles].sort((a, b) => a.id - b.id);
  let offset = 0;
  const entries = sorted.map((t) => ({ id: t.id, offset: (offset += t.data.length) - t.data.length, length: t.data.length }));
  const dir = Uint8Array.from(varints([
    entries.length,
    ...entries.map((e, i) => e.id - (i ? entries[i - 1].id : 0)),
    ...entries.map(() => 1), // run lengths
    ...entries.map((e) => e.length),
    ...entries.map((e, i) => (i && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1)),
  ]));
  const metadata = new TextEncoder().encode(JSON.stringify(opts.metadata ?? {}));
  const data = Buffer.concat(sorted.map((t) => t.data));
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  const dirAt = HEADER_BYTES, metaAt = dirAt + dir.length, dataAt = metaAt + metadata.length;
  u64(8, dirAt); u64(16, dir.length);
  u64(24, metaAt); u64(32, metadata.length);
  u64(40, dataAt); u64(48, 0); // no leaf directories
  u64(56, dataAt); u64(64, data.length);
  u64(72, entries.length); u64(80, entries.length); u64(88, entries.length);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(1, 99); // tile type: MVT
  header.writeUInt8(opts.minZoom, 100);
  header.writeUInt8(opts.maxZoom, 101);
  const e7 = (v: number) => Math.round(v * 1e7);
  const [w, s, e, n] = opts.bounds;
  header.writeInt32LE(e7(w), 102); header.writeInt32LE(e7(s), 106);
  header.writeInt32LE(e7(e), 110); header.writeInt32LE(e7(n), 114);
  header.writeUInt8(opts.minZoom, 118);
  header.writeInt32LE(e7((w + e) / 2), 119); header.writeInt32LE(e7((s + n) / 2), 123);
  return Buffer.concat([header, dir, metadata, data]);
}
