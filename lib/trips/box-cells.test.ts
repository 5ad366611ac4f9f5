import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnWest, makeGrid, rowSouth, type Grid } from '../geo/cells';
import {
  blockRect, boundaryStrips, clip, innerCells, regionsMeeting, ringRects, type CellBlock, type CellRange, type RegionExtent, type Strip,
} from './box-cells';
import type { BBox } from './schemas';

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

// ---- properties: random grids, boxes and points, with coordinates often exactly on cell edges ----

type Pt = [number, number];
const inBox = (b: BBox, [lon, lat]: Pt) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
const inBlock = (b: CellBlock, [lon, lat]: Pt) => lon >= b.west && lon < b.east && lat >= b.south && lat < b.north;
const inStrip = (s: Strip, [lon, lat]: Pt) =>
  lon >= s.minLon && (s.maxLonExclusive ? lon < s.maxLon : lon <= s.maxLon) &&
  lat >= s.minLat && (s.maxLatExclusive ? lat < s.maxLat : lat <= s.maxLat);

/** A longitude / latitude: on a column / row edge of the grid half of the time. */
const lonOf = (grid: Grid) => fc.oneof(fc.integer({ min: 0, max: grid.nx }).map((x) => columnWest(grid, x)), fc.double({ min: -180, max: 180, noNaN: true }));
const latOf = (grid: Grid) => fc.oneof(fc.integer({ min: 0, max: grid.ny }).map((y) => rowSouth(grid, y)), fc.double({ min: -90, max: 90, noNaN: true }));
const boxOf = (grid: Grid) =>
  fc.tuple(lonOf(grid), lonOf(grid), latOf(grid), latOf(grid))
    .map(([a, b, c, d]): BBox => ({ minLon: Math.min(a, b), maxLon: Math.max(a, b), minLat: Math.min(c, d), maxLat: Math.max(c, d) }));
const gridBoxPoints = fc.integer({ min: 1, max: 6 }).map((p) => makeGrid(p)).chain((grid) =>
  fc.record({ grid: fc.constant(grid), box: boxOf(grid), points: fc.array(fc.tuple(lonOf(grid), latOf(grid)), { maxLength: 40 }) }));

/** A point of [min, max] per axis, t in [0, 1] (clamped: rounding may not overshoot). */
const between = (min: number, max: number, t: number) => Math.min(max, Math.max(min, min + t * (max - min)));

describe('properties of the box split', () => {
  it('puts every point of the box in exactly one part (the block or one strip) and no other point in any', () => {
    fc.assert(fc.property(gridBoxPoints, ({ grid, box, points }) => {
      const block = innerCells(grid, box);
      const strips = boundaryStrips(box, block);
      // the box's corners and the block's corners are the likeliest points to be missed or counted twice
      const corners: Pt[] = [[box.minLon, box.minLat], [box.maxLon, box.maxLat], [box.minLon, box.maxLat], [box.maxLon, box.minLat]];
      if (block) corners.push([block.west, block.south], [block.east, block.north], [block.west, block.north], [block.east, block.south]);
      for (const p of [...points, ...corners]) {
        const parts = (block && inBlock(block, p) ? 1 : 0) + strips.filter((s) => inStrip(s, p)).length;
        expect(parts).toBe(inBox(box, p) ? 1 : 0);
      }
    }));
  });

  it('makes the block of whole cells only, and the largest such block short of the last column and row', () => {
    fc.assert(fc.property(gridBoxPoints, ({ grid, box }) => {
      const block = innerCells(grid, box);
      // the columns and rows of cells wholly inside the box, leaving out the last ones (see innerCells)
      const xs = [...Array(grid.nx - 1).keys()].filter((x) => columnWest(grid, x) >= box.minLon && columnWest(grid, x + 1) <= box.maxLon);
      const ys = [...Array(grid.ny - 1).keys()].filter((y) => rowSouth(grid, y) >= box.minLat && rowSouth(grid, y + 1) <= box.maxLat);
      if (!xs.length || !ys.length) {
        expect(block).toBeNull();
        return;
      }
      expect(block).toMatchObject({ x0: xs[0], x1: xs.at(-1), y0: ys[0], y1: ys.at(-1) });
      expect(blockRect(block!)).toEqual({ minLon: columnWest(grid, xs[0]), maxLon: columnWest(grid, xs.at(-1)! + 1), minLat: rowSouth(grid, ys[0]), maxLat: rowSouth(grid, ys.at(-1)! + 1) });
    }));
  });
});

const range = fc.tuple(fc.nat(12), fc.nat(12), fc.nat(12), fc.nat(12))
  .map(([a, b, c, d]): CellRange => ({ x0: Math.min(a, b), x1: Math.max(a, b), y0: Math.min(c, d), y1: Math.max(c, d) }));
/** A range inside r. */
const rangeIn = (r: CellRange) => fc.tuple(fc.nat(r.x1 - r.x0), fc.nat(r.x1 - r.x0), fc.nat(r.y1 - r.y0), fc.nat(r.y1 - r.y0))
  .map(([a, b, c, d]): CellRange => ({ x0: r.x0 + Math.min(a, b), x1: r.x0 + Math.max(a, b), y0: r.y0 + Math.min(c, d), y1: r.y0 + Math.max(c, d) }));
const inRange = (r: CellRange, x: number, y: number) => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;

describe('the ring of a block around an inner block', () => {
  it('tiles the outer block exactly with the inner block: every cell of it in exactly one part, no cell outside it', () => {
    fc.assert(fc.property(range.chain((outer) => fc.record({ outer: fc.constant(outer), inner: fc.option(rangeIn(outer)) })), ({ outer, inner }) => {
      const ring = ringRects(outer, inner);
      expect(ring.length).toBeLessThanOrEqual(4);
      for (let x = outer.x0 - 1; x <= outer.x1 + 1; x++) {
        for (let y = outer.y0 - 1; y <= outer.y1 + 1; y++) {
          const parts = (inner && inRange(inner, x, y) ? 1 : 0) + ring.filter((r) => inRange(r, x, y)).length;
          expect(parts).toBe(inRange(outer, x, y) ? 1 : 0);
        }
      }
    }));
  });

  it('is empty when the inner block is the outer one, and the outer block when there is no inner one', () => {
    const f = { x0: 2, x1: 5, y0: 3, y1: 3 };
    expect(ringRects(f, { ...f })).toEqual([]);
    expect(ringRects(f, null)).toEqual([f]);
  });
});

const extentsOf = fc.array(boxOf(makeGrid(2)), { minLength: 1, maxLength: 4 })
  .map((boxes): RegionExtent[] => boxes.map((b, i) => ({ ...b, regionId: i + 1 })));

describe('clipping a box to the extents of its regions', () => {
  it('never drops a point of the box that lies in an extent, and keeps nothing outside the box', () => {
    const t = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(fc.property(boxOf(makeGrid(2)), extentsOf, fc.array(fc.tuple(t, t), { maxLength: 20 }), (box, extents, ts) => {
      const clipped = clip(box, extents);
      for (const e of extents) {
        const meet = { minLon: Math.max(box.minLon, e.minLon), maxLon: Math.min(box.maxLon, e.maxLon), minLat: Math.max(box.minLat, e.minLat), maxLat: Math.min(box.maxLat, e.maxLat) };
        if (meet.minLon > meet.maxLon || meet.minLat > meet.maxLat) continue;
        // the corners of box ∩ extent and points between them
        const points: Pt[] = [[meet.minLon, meet.minLat], [meet.maxLon, meet.maxLat], ...ts.map(([u, v]): Pt => [between(meet.minLon, meet.maxLon, u), between(meet.minLat, meet.maxLat, v)])];
        for (const p of points) expect(inBox(clipped, p)).toBe(true);
      }
      if (clipped.minLon <= clipped.maxLon && clipped.minLat <= clipped.maxLat) {
        expect(inBox(box, [clipped.minLon, clipped.minLat]) && inBox(box, [clipped.maxLon, clipped.maxLat])).toBe(true);
      }
    }));
  });

  it('cuts a continent-sized box down to the extents', () => {
    const extents = [{ regionId: 1, minLon: 14, maxLon: 15, minLat: 50, maxLat: 51 }, { regionId: 2, minLon: 16, maxLon: 17, minLat: 48, maxLat: 49 }];
    expect(clip({ minLon: -20, maxLon: 40, minLat: 30, maxLat: 70 }, extents)).toEqual({ minLon: 14, maxLon: 17, minLat: 48, maxLat: 51 });
  });
});

describe('the regions a part of the box meets', () => {
  it('lists a region exactly when some point of its extent lies in one of the rectangles', () => {
    fc.assert(fc.property(extentsOf, fc.array(boxOf(makeGrid(2)), { maxLength: 4 }), (extents, rects) => {
      const listed = regionsMeeting(extents, rects);
      for (const e of extents) {
        // the point of the extent nearest to a rectangle's centre lies in the rectangle iff the two meet
        const meets = rects.some((r) => {
          return inBox(r, [
            Math.min(e.maxLon, Math.max(e.minLon, (r.minLon + r.maxLon) / 2)),
            Math.min(e.maxLat, Math.max(e.minLat, (r.minLat + r.maxLat) / 2)),
          ]);
        });
        expect(listed.includes(e.regionId)).toBe(meets);
      }
    }));
  });

  it('counts a shared edge as meeting', () => {
    const extents = [{ regionId: 7, minLon: 0, maxLon: 1, minLat: 0, maxLat: 1 }];
    expect(regionsMeeting(extents, [{ minLon: 1, maxLon: 2, minLat: 1, maxLat: 2 }])).toEqual([7]);
    expect(regionsMeeting(extents, [{ minLon: 1.5, maxLon: 2, minLat: 0, maxLat: 1 }])).toEqual([]);
  });
});
