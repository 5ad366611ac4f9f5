// The sub-cell of a point in PostgreSQL (cellXYSql on the sub-cell grid) is TypeScript's, and its
// fine cell (the sub-cell's column and row shifted by SUB_CELL_BITS) is lonToX / latToY's: the
// verdicts of boundary cells rest on both.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { columnWest, fineGridOf, latToY, lonToX, makeGrid, rowSouth } from '../geo/cells';
import { subCellGrid, SUB_CELL_BITS } from '../geo/polygon-cells';
import { cellXYSql } from './area-sql';
import { Params } from './sql-params';

const fine = fineGridOf(makeGrid(6));
const sub = subCellGrid(fine);

/** Coordinates on and one ulp-ish beside sub-cell edges, poles, antimeridian, and arbitrary ones. */
const lonArb = fc.oneof(
  fc.double({ min: -180, max: 180, noNaN: true }),
  fc.integer({ min: 0, max: sub.nx }).map((x) => columnWest(sub, x)),
  fc.integer({ min: 1, max: sub.nx - 1 }).map((x) => columnWest(sub, x) - Number.EPSILON * 256),
  fc.constantFrom(-180, 180, 0),
);
const latArb = fc.oneof(
  fc.double({ min: -90, max: 90, noNaN: true }),
  fc.integer({ min: 0, max: sub.ny }).map((y) => rowSouth(sub, y)),
  fc.integer({ min: 1, max: sub.ny - 1 }).map((y) => rowSouth(sub, y) - Number.EPSILON * 128),
  fc.constantFrom(-90, 90, 0),
);

describe('the sub-cell of a point in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(inject('pgServerUrl')); });
  afterAll(async () => db?.drop());

  it('equals the TypeScript sub-cell, and nests in the fine cell, on and beside edges in both hemispheres', async () => {
    const points = fc.sample(fc.tuple(lonArb, latArb), { numRuns: 3000, seed: 7 });
    const p = new Params();
    const lons = p.add(points.map((q) => q[0])), lats = p.add(points.map((q) => q[1]));
    const [x, y] = cellXYSql(p, 'lon', 'lat', sub);
    const { rows } = await getPool(db.url).query<{ x: string; y: string }>(
      `SELECT ${x} AS x, ${y} AS y FROM unnest(${lons}::float8[], ${lats}::float8[]) WITH ORDINALITY AS t(lon, lat, i) ORDER BY i`, p.values);
    expect(rows.map((r) => [Number(r.x), Number(r.y)])).toEqual(points.map(([lon, lat]) => [lonToX(sub, lon), latToY(sub, lat)]));
    expect(rows.map((r) => [Number(r.x) >> SUB_CELL_BITS, Number(r.y) >> SUB_CELL_BITS]))
      .toEqual(points.map(([lon, lat]) => [lonToX(fine, lon), latToY(fine, lat)]));
  });
});
