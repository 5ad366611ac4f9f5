// The sub-cell of a point in PostgreSQL (cellXYSql on the sub-cell grid) is TypeScript's, and its
// fine cell (the sub-cell's column and row shifted by SUB_CELL_BITS) is lonToX / latToY's: the
// verdicts of boundary cells rest on both. The bitmap a raw read is filtered by keeps the points
// TypeScript's twin keeps (cell-bitmap.test.ts shows those are a superset of the rectangles).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { latsNearEdges, lonsNearEdges } from '../testing/edge-coordinates';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { fineGridOf, latToY, lonToX, makeGrid } from '../geo/cells';
import { subCellGrid, SUB_CELL_BITS } from '../geo/polygon-cells';
import { cellBitmap, inBitmap } from '../geo/cell-bitmap';
import { cellXYSql, inBitmapSql } from './area-sql';
import { Params } from './sql-params';

const fine = fineGridOf(makeGrid(6));
const sub = subCellGrid(fine);

/** Coordinates on and beside sub-cell edges, poles, antimeridian, and arbitrary ones. */
const lonArb = lonsNearEdges(sub);
const latArb = latsNearEdges(sub);

describe('area SQL against its TypeScript twins', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(inject('pgServerUrl')); });
  afterAll(async () => db?.drop());

  it('places a point in the TypeScript sub-cell, nested in its fine cell, on and beside edges in both hemispheres', async () => {
    const points = fc.sample(fc.tuple(lonArb, latArb), { numRuns: 3000, seed: 7 });
    const p = new Params();
    const lons = p.add(points.map((q) => q[0])), lats = p.add(points.map((q) => q[1]));
    const xy = cellXYSql(p, 'lon', 'lat', sub);
    const [x, y] = xy.settle('rx', 'ry');
    const { rows } = await getPool(db.url).query<{ x: string; y: string }>(
      `SELECT ${x} AS x, ${y} AS y FROM (
         SELECT lon, lat, i, ${xy.floors[0]} AS rx, ${xy.floors[1]} AS ry FROM unnest(${lons}::float8[], ${lats}::float8[]) WITH ORDINALITY AS t(lon, lat, i)) f
       ORDER BY i`, p.values);
    expect(rows.map((r) => [Number(r.x), Number(r.y)])).toEqual(points.map(([lon, lat]) => [lonToX(sub, lon), latToY(sub, lat)]));
    expect(rows.map((r) => [Number(r.x) >> SUB_CELL_BITS, Number(r.y) >> SUB_CELL_BITS]))
      .toEqual(points.map(([lon, lat]) => [lonToX(fine, lon), latToY(fine, lat)]));
  });

  it('keeps exactly the points TypeScript keeps in the cell bitmap', async () => {
    const e = { minLon: -58.6, minLat: -34.8, maxLon: -58.3, maxLat: -34.5 };
    const rects = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { numRuns: 40, seed: 3 })
      .map(([u, v]) => ({ minLon: e.minLon + u * 0.28, minLat: e.minLat + v * 0.28, maxLon: e.minLon + u * 0.28 + 0.02, maxLat: e.minLat + v * 0.28 + 0.01 }));
    const b = cellBitmap(rects, e, 0.0005);
    const points = fc.sample(fc.tuple(fc.double({ min: e.minLon, max: e.maxLon, noNaN: true }), fc.double({ min: e.minLat, max: e.maxLat, noNaN: true })), { numRuns: 5000, seed: 5 });
    const p = new Params();
    const lons = p.add(points.map((q) => q[0])), lats = p.add(points.map((q) => q[1]));
    const { rows } = await getPool(db.url).query<{ kept: boolean }>(
      `SELECT ${inBitmapSql(p, b, 'lon', 'lat')} AS kept FROM unnest(${lons}::float8[], ${lats}::float8[]) WITH ORDINALITY AS t(lon, lat, i) ORDER BY i`, p.values);
    const expected = points.map(([lon, lat]) => inBitmap(b, lon, lat));
    expect(rows.map((r) => r.kept)).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThan(100); // both answers occur
    expect(expected.filter((k) => !k).length).toBeGreaterThan(100);
  });
});
