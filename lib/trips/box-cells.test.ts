import { describe, expect, it } from 'vitest';
import { columnWest, makeGrid, rowSouth } from '../geo/cells';
import { boundaryStrips, innerCells } from './box-cells';

const g = makeGrid(6);

describe('splitting a box into whole cells and boundary strips', () => {
  it('finds the cells lying entirely inside the box', () => {
    const box = { minLon: 14.4, minLat: 50.0, maxLon: 14.5, maxLat: 50.1 };
    const b = innerCells(g, box)!;
    expect(b.west).toBeGreaterThanOrEqual(box.minLon);
    expect(b.east).toBeLessThanOrEqual(box.maxLon);
    expect(columnWest(g, b.x0 - 1)).toBeLessThan(box.minLon); // no whole cell left out
    expect(columnWest(g, b.x1 + 2)).toBeGreaterThan(box.maxLon);
    expect(rowSouth(g, b.y1 + 2)).toBeGreaterThan(box.maxLat);
  });

  it('treats a box aligned to cell edges as all cells, with only edge strips for points on the max edges', () => {
    const box = { minLon: columnWest(g, 100), maxLon: columnWest(g, 110), minLat: rowSouth(g, 200), maxLat: rowSouth(g, 210) };
    const b = innerCells(g, box)!;
    expect([b.x0, b.x1, b.y0, b.y1]).toEqual([100, 109, 200, 209]);
    const strips = boundaryStrips(box, b);
    // east edge line and north edge line only (points exactly on maxLon / maxLat are inside the box)
    expect(strips).toHaveLength(2);
    expect(strips[0]).toMatchObject({ minLon: box.maxLon, maxLon: box.maxLon });
  });

  it('uses the whole box as one strip when no cell fits inside', () => {
    const tiny = { minLon: 14.4, minLat: 50.0, maxLon: 14.4001, maxLat: 50.0001 };
    expect(innerCells(g, tiny)).toBeNull();
    expect(boundaryStrips(tiny, null)).toEqual([{ ...tiny, maxLonExclusive: false, maxLatExclusive: false }]);
  });

  it('handles a point box and the whole world', () => {
    expect(innerCells(g, { minLon: 1, minLat: 1, maxLon: 1, maxLat: 1 })).toBeNull();
    const world = innerCells(g, { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 })!;
    expect([world.x0, world.x1]).toEqual([0, g.nx - 2]);
  });
});
