import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { cellInfo, columnWest, hilbert, latToY, lonToX, makeGrid, rowSouth } from './cells';

describe('geohash cells as integer columns/rows', () => {
  const g = makeGrid(6);

  it('uses the geohash split: precision 6 is 2^15 x 2^15 cells', () => {
    expect([g.xBits, g.yBits, g.nx, g.ny]).toEqual([15, 15, 32768, 32768]);
    expect([makeGrid(5).xBits, makeGrid(5).yBits]).toEqual([13, 12]);
  });

  it('puts every point in the cell whose exact edges contain it', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 20000; i++) {
      const lon = rand() * 360 - 180;
      const lat = rand() * 180 - 90;
      const x = lonToX(g, lon);
      const y = latToY(g, lat);
      expect(columnWest(g, x) <= lon && lon < columnWest(g, x + 1)).toBe(true);
      expect(rowSouth(g, y) <= lat && lat < rowSouth(g, y + 1)).toBe(true);
    }
  });

  it('handles points exactly on cell edges and float rounding next to them', () => {
    const edge = columnWest(g, 12345);
    expect(lonToX(g, edge)).toBe(12345);
    expect(lonToX(g, edge - 1e-12)).toBe(12344);
    expect(lonToX(g, 180)).toBe(g.nx - 1);
    expect(lonToX(g, -180)).toBe(0);
    expect(latToY(g, 90)).toBe(g.ny - 1);
  });

  it('matches the geohash library for cell centres', () => {
    for (const [lon, lat] of [[14.4973794438195, 50.00136875782316], [7.672837913286881, 44.9957109242058], [-9.14, 38.72]]) {
      const info = cellInfo(g, lonToX(g, lon), latToY(g, lat));
      expect(info.geohash).toBe(ngeohash.encode(lat, lon, 6));
      const [s, w, n, e] = ngeohash.decode_bbox(info.geohash);
      expect(info.bbox).toEqual([w, s, e, n]);
    }
  });

  it('walks the Hilbert curve: an aligned block is one key range, each step to an adjacent cell', () => {
    for (const [bx, by] of [[0, 0], [256, 0], [4096, 60928], [65280, 65280]]) {
      const cells: [number, number, number][] = [];
      for (let x = bx; x < bx + 256; x++) for (let y = by; y < by + 256; y++) cells.push([hilbert(x, y), x, y]);
      cells.sort((a, b) => a[0] - b[0]);
      expect(cells[cells.length - 1][0] - cells[0][0]).toBe(256 * 256 - 1); // distinct keys, one range
      expect(cells[0][0] % (256 * 256)).toBe(0);
      for (let i = 1; i < cells.length; i++) {
        expect(Math.abs(cells[i][1] - cells[i - 1][1]) + Math.abs(cells[i][2] - cells[i - 1][2])).toBe(1);
      }
    }
    expect(hilbert(0, 0)).toBe(0);
    expect(Math.max(hilbert(65535, 0), hilbert(0, 65535), hilbert(65535, 65535))).toBeLessThan(2 ** 32);
    expect(hilbert(65536 + 3, 7)).toBe(hilbert(3, 7)); // only the low 16 bits count
  });

  it('rejects precisions the store cannot pack', () => {
    expect(() => makeGrid(7)).toThrow(RangeError);
    expect(() => makeGrid(0)).toThrow(RangeError);
  });
});
