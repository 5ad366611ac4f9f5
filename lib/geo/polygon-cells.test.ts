import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnWest, fineGridOf, lonToX, latToY, makeGrid, rowSouth } from './cells';
import {
  boundarySubCells, cellOfKey, fineKeyOf, insideSubRuns, tileKeyOf, shapeCells, subCellBit, subCellGrid, SUB_CELL_BITS, TILE_TOTAL, type ShapeCells,
} from './polygon-cells';
import { extentOf, pointInShape, type Position, type Shape } from './polygon';
import { subIndex, tileGridOf } from './tile-key';

const grid = makeGrid(6);
const fine = fineGridOf(grid);
const tile = tileGridOf(grid);
const sub = subCellGrid(fine);

/** A star-shaped ring of n vertices around (lon, lat), radii in degrees (never self-crossing). */
const starShape = (lon: number, lat: number, radii: number[], hole: boolean): Shape => {
  const ring = (scale: number) => {
    const r: Position[] = radii.map((rad, i) => {
      const t = (2 * Math.PI * i) / radii.length;
      return [lon + scale * rad * Math.cos(t), lat + scale * rad * Math.sin(t)];
    });
    return [...r, r[0]];
  };
  // A hole a third the size: inside the outer ring (star-shaped around the same centre).
  return [hole ? [ring(1), ring(0.3).reverse()] : [ring(1)]];
};

const shapes = fc.record({
  lon: fc.double({ min: -179, max: 179, noNaN: true }),
  lat: fc.double({ min: -80, max: 80, noNaN: true }),
  radii: fc.array(fc.double({ min: 0.002, max: 0.02, noNaN: true }), { minLength: 3, maxLength: 12 }),
  hole: fc.boolean(),
}).map(({ lon, lat, radii, hole }) => starShape(lon, lat, radii, hole));

/** Points of a fine cell: sub-cell corners and edge midpoints (where rounding would bite) and the shape's vertices. */
function probePoints(fx: number, fy: number, shape: Shape): Position[] {
  const pts: Position[] = [];
  for (let i = 0; i <= 8; i++) {
    for (let j = 0; j <= 8; j++) {
      const x = columnWest(sub, fx * 8 + i), y = rowSouth(sub, fy * 8 + j);
      pts.push([x, y], [x + sub.dx / 2, y], [x, y + sub.dy / 2]);
    }
  }
  for (const ring of shape[0]) for (const v of ring) if (lonToX(fine, v[0]) === fx && latToY(fine, v[1]) === fy) pts.push(v);
  return pts;
}

function cellsOf(shape: Shape): ShapeCells {
  const cells = shapeCells(shape, fine, tile, extentOf(shape));
  if (!cells) throw new Error('too many cells');
  return cells;
}

describe('boundarySubCells', () => {
  it('decides points in sub-cells no edge can touch (corners, edge midpoints, vertices of sampled boundary cells) as the point-in-polygon does', () => {
    fc.assert(fc.property(shapes, fc.nat(), (shape, pick) => {
      const cells = cellsOf(shape);
      const subs = boundarySubCells(shape, fine, cells.boundaryFine)!;
      expect(subs.keys).toEqual([...cells.boundaryFine].sort((a, b) => a - b));
      // A few boundary cells per shape, every probe point of each.
      for (let n = 0; n < 4; n++) {
        const idx = (pick + n * 7919) % subs.keys.length;
        const key = subs.keys[idx];
        const [fx, fy] = cellOfKey(fine, key);
        for (const p of probePoints(fx, fy, shape)) {
          const sx = lonToX(sub, p[0]), sy = latToY(sub, p[1]);
          if (sx >> SUB_CELL_BITS !== fx || sy >> SUB_CELL_BITS !== fy) continue; // on the cell's far edges: the next cell's
          const bit = BigInt(subCellBit(sx, sy));
          if ((subs.boundary[idx] >> bit) & 1n) continue; // left to the exact test
          expect(Boolean((subs.inside[idx] >> bit) & 1n)).toBe(pointInShape(shape, p));
        }
      }
    }), { numRuns: 60 });
  });

  it('marks every sub-cell an edge or a vertex lies in', () => {
    fc.assert(fc.property(shapes, fc.double({ min: 0, max: 1, noNaN: true }), (shape, t) => {
      const subs = boundarySubCells(shape, fine, cellsOf(shape).boundaryFine)!;
      for (const ring of shape[0]) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [a, b] = [ring[i], ring[i + 1]];
          for (const p of [a, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] as Position]) {
            const sx = lonToX(sub, p[0]), sy = latToY(sub, p[1]);
            const key = fineKeyOf(fine, sx >> SUB_CELL_BITS, sy >> SUB_CELL_BITS);
            const idx = subs.keys.indexOf(key);
            expect(idx).toBeGreaterThanOrEqual(0);
            expect((subs.boundary[idx] >> BigInt(subCellBit(sx, sy))) & 1n).toBe(1n);
          }
        }
      }
    }), { numRuns: 60 });
  });

  it('gives up (null) when boundary cells times edges pass the budget, instead of testing every face', () => {
    // 2,000 edges around a ring ~1 degree across: thousands of boundary cells.
    const radii = Array.from({ length: 2000 }, (_, i) => 0.5 + 0.01 * Math.sin(i));
    const big = starShape(10, 45, radii, false);
    const cells = shapeCells(big, fine, tile, extentOf(big))!;
    expect(cells.boundaryFine.length * 2000).toBeGreaterThan(10_000_000);
    expect(boundarySubCells(big, fine, cells.boundaryFine)).toBeNull();
    const small = starShape(10, 45, radii.slice(0, 40).map((r) => r / 50), false);
    expect(boundarySubCells(small, fine, cellsOf(small).boundaryFine)).not.toBeNull();
  });
});

describe('insideSubRuns', () => {
  /** Signed coverage of the runs per tile:sub (a TILE_TOTAL run covers the whole tile once), zeros dropped. */
  const coverage = (runs: ReturnType<typeof insideSubRuns>): string[] => {
    const n = new Map<string, number>();
    const add = (key: string, v: number) => n.set(key, (n.get(key) ?? 0) + v);
    for (let i = 0; i < runs.tiles.length; i++) {
      if (runs.first[i] === TILE_TOTAL) {
        expect([runs.last[i], runs.sign[i]]).toEqual([TILE_TOTAL, 1]);
        for (let s = 0; s < 1024; s++) add(`${runs.tiles[i]}:${s}`, 1);
        continue;
      }
      expect(runs.first[i]).toBeGreaterThanOrEqual(0);
      expect(runs.first[i]).toBeLessThanOrEqual(runs.last[i]);
      expect(runs.last[i]).toBeLessThan(1024);
      for (let s = runs.first[i]; s <= runs.last[i]; s++) add(`${runs.tiles[i]}:${s}`, runs.sign[i]);
    }
    return [...n].filter(([, v]) => v !== 0).map(([k, v]) => { expect(v).toBe(1); return k; }).sort();
  };
  const insideKeys = (cells: ShapeCells) => cells.insideFine.map((key) => {
    const [fx, fy] = cellOfKey(fine, key);
    return `${tileKeyOf(tile, fx >> 5, fy >> 5)}:${subIndex(fx, fy)}`;
  }).sort();

  it('cover exactly the inside fine cells, each once, within their tiles', () => {
    fc.assert(fc.property(shapes, (shape) => {
      const cells = cellsOf(shape);
      const runs = insideSubRuns(cells, fine, tile);
      expect(coverage(runs)).toEqual(insideKeys(cells));
      expect(new Set(runs.tiles)).toEqual(new Set(cells.partialTiles));
    }), { numRuns: 60 });
  });

  it('give a tile mostly inside as its total less the runs outside, never more than half a tile listed', () => {
    // A square over a tile's cells 1..30 x 1..30 (900 of 1024 inside) and one over 2 x 2 cells.
    const tx = 1234, ty = 777;
    const square = (x0: number, x1: number, y0: number, y1: number): Shape => {
      const [w, e] = [columnWest(fine, (tx << 5) + x0) + fine.dx / 2, columnWest(fine, (tx << 5) + x1) + fine.dx / 2];
      const [s, n] = [rowSouth(fine, (ty << 5) + y0) + fine.dy / 2, rowSouth(fine, (ty << 5) + y1) + fine.dy / 2];
      return [[[[w, s], [e, s], [e, n], [w, n], [w, s]]]];
    };
    for (const [shape, mostly] of [[square(0, 31, 0, 31), true], [square(10, 13, 10, 13), false]] as const) {
      const cells = cellsOf(shape);
      const runs = insideSubRuns(cells, fine, tile);
      expect(coverage(runs)).toEqual(insideKeys(cells));
      expect(runs.first.includes(TILE_TOTAL)).toBe(mostly);
      const listed = runs.first.reduce((sum, f, i) => sum + (f === TILE_TOTAL ? 0 : runs.last[i] - f + 1), 0);
      expect(listed).toBeLessThanOrEqual(512);
    }
  });
});
