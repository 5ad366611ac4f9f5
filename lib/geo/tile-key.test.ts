import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { cellInfo, fineGridOf, latToY, lonToX, makeGrid } from './cells';
import { FINE_KEYS, fineKey, fineOf, SUB_CELLS, splitFineKey, subIndex, tileGridOf, tileOf } from './tile-key';

describe('tile packing of fine cells', () => {
  it('tiles (precision p - 1) nest the fine grid (p + 1) by exactly 5 bits of x and 5 of y, for every store precision', () => {
    for (let p = 1; p <= 6; p++) {
      const tiles = tileGridOf(makeGrid(p));
      const fine = fineGridOf(makeGrid(p));
      expect([tiles.precision, fine.xBits - tiles.xBits, fine.yBits - tiles.yBits]).toEqual([p - 1, 5, 5]);
      expect([tiles.nx * 32, tiles.ny * 32]).toEqual([fine.nx, fine.ny]);
    }
    expect([tileGridOf(makeGrid(1)).nx, tileGridOf(makeGrid(1)).ny]).toEqual([1, 1]);
  });

  it('a tile is the geohash of the fine cell minus its last two characters', () => {
    const fine = fineGridOf(makeGrid(6));
    const tiles = tileGridOf(makeGrid(6));
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) {
      const lon = rand() * 360 - 180;
      const lat = rand() * 180 - 90;
      const [fx, fy] = [lonToX(fine, lon), latToY(fine, lat)];
      const [tx, ty] = tileOf(fx, fy);
      expect(cellInfo(tiles, tx, ty).geohash).toBe(ngeohash.encode(lat, lon, 7).slice(0, 5));
      expect([tx, ty]).toEqual([lonToX(tiles, lon), latToY(tiles, lat)]);
    }
  });

  it('sub-index is (fx - 32 tx) * 32 + (fy - 32 ty), 0..1023, and fineOf inverts it', () => {
    const seen = new Set<number>();
    for (let dx = 0; dx < 32; dx++) {
      for (let dy = 0; dy < 32; dy++) {
        const [fx, fy] = [1234 * 32 + dx, 567 * 32 + dy];
        const sub = subIndex(fx, fy);
        expect(sub).toBe(dx * 32 + dy);
        expect(fineOf(...tileOf(fx, fy), sub)).toEqual([fx, fy]);
        seen.add(sub);
      }
    }
    expect(seen.size).toBe(SUB_CELLS);
  });

  it('writer keys sort by (tile column, tile row, sub-index) and split back, up to the largest fine cell', () => {
    const fine = fineGridOf(makeGrid(6));
    const cells: [number, number][] = [[0, 0], [31, 0], [0, 31], [32, 0], [5, 40], [fine.nx - 1, fine.ny - 1], [fine.nx - 1, 0], [0, fine.ny - 1]];
    const keys = cells.map(([fx, fy]) => fineKey(fx, fy));
    for (const [i, key] of keys.entries()) {
      const [tx, ty] = tileOf(...cells[i]);
      expect(splitFineKey(key)).toEqual({ tx, ty, sub: subIndex(...cells[i]) });
      expect(key).toBeLessThan(FINE_KEYS);
    }
    const order = (a: [number, number], b: [number, number]) => {
      const [ta, tb] = [tileOf(...a), tileOf(...b)];
      return ta[0] - tb[0] || ta[1] - tb[1] || subIndex(...a) - subIndex(...b);
    };
    const sorted = [...cells].sort(order).map(([fx, fy]) => fineKey(fx, fy));
    expect([...keys].sort((a, b) => a - b)).toEqual(sorted);
  });
});
