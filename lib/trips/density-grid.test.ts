// The density level: the finest geohash precision (store precision + 1 at most) whose cells
// meeting the view number at most maxCells, checked against cells counted one by one.
import { describe, expect, it } from 'vitest';
import { columnWest, makeGrid, MAX_PRECISION, rowSouth, type Grid } from '../geo/cells';
import { rng } from '../ingest/synthetic';
import { cellCount, cellsMeeting, densityGrid } from './density-grid';
import type { BBox } from './schemas';

/** Cells [west, east) x [south, north) meeting the closed view, counted column by column (the last column/row also holds 180/90). */
function naiveCount(g: Grid, v: BBox): number {
  const meetsLon = (x: number) => {
    const east = x === g.nx - 1 ? Infinity : columnWest(g, x + 1);
    const inA = east > v.minLon && columnWest(g, x) <= (v.minLon > v.maxLon ? 180 : v.maxLon);
    const inB = v.minLon > v.maxLon && columnWest(g, x) <= v.maxLon;
    return inA || inB;
  };
  let cols = 0;
  for (let x = 0; x < g.nx; x++) if (meetsLon(x)) cols++;
  let rows = 0;
  for (let y = 0; y < g.ny; y++) {
    const north = y === g.ny - 1 ? Infinity : rowSouth(g, y + 1);
    if (north > v.minLat && rowSouth(g, y) <= v.maxLat) rows++;
  }
  return cols * rows;
}

const box = (minLon: number, minLat: number, maxLon: number, maxLat: number): BBox => ({ minLon, minLat, maxLon, maxLat });

describe('densityGrid', () => {
  it('picks the finest level within maxCells, for random views incl. antimeridian and southern ones', () => {
    const random = rng(11);
    for (let i = 0; i < 150; i++) {
      const w = 10 ** (-3 + random() * 5.5); // 0.001 .. ~300 degrees
      const h = Math.min(179, w * (0.3 + random()));
      const minLon = -180 + random() * 360;
      const maxLon = minLon + w > 180 ? minLon + w - 360 : minLon + w; // wraps: crosses the antimeridian
      const minLat = -90 + random() * (180 - h);
      const view = box(minLon, minLat, maxLon, minLat + h);
      const maxCells = [32, 500, 4000, 20_000][i % 4];
      const storePrecision = 1 + (i % MAX_PRECISION);
      const level = densityGrid(storePrecision, view, maxCells);
      const p = level.grid.precision;
      expect(cellCount(level), JSON.stringify(view)).toBe(naiveCount(level.grid, view));
      expect(cellCount(level)).toBeLessThanOrEqual(maxCells);
      expect(p).toBeLessThanOrEqual(storePrecision + 1);
      if (p < storePrecision + 1) expect(naiveCount(makeGrid(p + 1, MAX_PRECISION + 1), view)).toBeGreaterThan(maxCells);
    }
  });

  it('answers a view smaller than one cell at the finest level (store precision + 1)', () => {
    const level = densityGrid(6, box(14.4201, 50.0801, 14.4202, 50.0802), 4000);
    expect([level.grid.precision, level.columns.length, level.y1 - level.y0]).toEqual([7, 1, 0]);
  });

  it('includes the cell starting on the view east edge, and lists both sides of the antimeridian', () => {
    const g = makeGrid(2); // 45/4 = 11.25 degrees wide
    expect(cellsMeeting(g, box(0, 0, 11.25, 1)).columns).toEqual([16, 17]);
    expect(cellsMeeting(g, box(0.1, 0, 11.2, 1)).columns).toEqual([16]);
    expect(cellsMeeting(g, box(170, -20, -160, -10)).columns).toEqual([0, 1, 31]);
    expect(cellsMeeting(g, box(180, 0, -180, 1)).columns).toEqual([0, 31]);
    // west and east in one cell, west > east: the view wraps all the way round
    expect(cellsMeeting(g, box(5, 0, 3, 1)).columns).toHaveLength(32);
  });
});
