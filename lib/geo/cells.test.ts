import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { cellInfo, columnWest, latToY, lonToX, makeGrid, morton, rowSouth } from './cells';

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

  it('interleaves bits for the Z-order key', () => {
    expect(morton(0b11, 0b00)).toBe(0b0101);
    expect(morton(0b00, 0b11)).toBe(0b1010);
    expect(morton(32767, 32767)).toBe(2 ** 30 - 1);
  });

  it('rejects precisions the store cannot pack', () => {
    expect(() => makeGrid(7)).toThrow(RangeError);
    expect(() => makeGrid(0)).toThrow(RangeError);
  });
});
