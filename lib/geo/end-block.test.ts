// The block keys of both ends: the keys listed for a rectangle hold the key of every point in it
// (the property the exact reads rely on), and PostgreSQL computes the same key as TypeScript.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { latsNearEdges, lonsNearEdges } from '../testing/edge-coordinates';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { fineGridOf, makeGrid } from './cells';
import { blockKey, blockKeys, blockKeySql, MAX_BLOCK_KEYS } from './end-block';

const fine = fineGridOf(makeGrid(6));
const coarse = fineGridOf(makeGrid(2));

/** Longitudes and latitudes on and beside fine cell (hence block) edges, plus arbitrary ones. */
const lonArb = lonsNearEdges(fine);
const latArb = latsNearEdges(fine);

describe('block keys', () => {
  it("list the key of every point inside a closed rectangle, edges and corners included", () => {
    // sizes from nothing to ~30 km, some exactly whole blocks
    const size = (cell: number) => fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.integer({ min: 1, max: 50 }).map((k) => k * 4 * cell));
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(fc.property(lonArb, size(fine.dx), latArb, size(fine.dy), unit, unit, (minLon, w, minLat, h, u, v) => {
      const maxLon = Math.min(180, minLon + w), maxLat = Math.min(90, minLat + h);
      const keys = blockKeys(fine, [{ minLon, minLat, maxLon, maxLat }]);
      expect(keys).not.toBeNull();
      const inside = [[minLon, minLat], [maxLon, maxLat], [minLon, maxLat], [maxLon, minLat],
        [Math.min(maxLon, minLon + u * (maxLon - minLon)), Math.min(maxLat, minLat + v * (maxLat - minLat))]];
      for (const [lon, lat] of inside) expect(keys).toContain(blockKey(fine, lon, lat));
    }), { numRuns: 2000 });
  });

  it('give up (null) beyond MAX_BLOCK_KEYS instead of listing a continent', () => {
    expect(blockKeys(coarse, [{ minLon: 0, minLat: 0, maxLon: 1, maxLat: 1 }])).not.toBeNull();
    expect(blockKeys(fine, [{ minLon: -10, minLat: -10, maxLon: 10, maxLat: 10 }])).toBeNull();
    const side = Math.sqrt(MAX_BLOCK_KEYS) * 4 * fine.dx;
    expect(blockKeys(fine, [{ minLon: 0, minLat: 0, maxLon: side * 1.5, maxLat: side * 1.5 }])).toBeNull();
  });
});

describe('the block key in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(inject('pgServerUrl')); });
  afterAll(async () => db?.drop());

  it('equals the TypeScript key at either end for points on and beside block edges, poles, antimeridian and both hemispheres', async () => {
    const points = fc.sample(fc.tuple(lonArb, latArb), { numRuns: 3000, seed: 42 });
    for (const grid of [fine, coarse]) {
      for (const [lon, lat] of [['dest_lon', 'dest_lat'], ['origin_lon', 'origin_lat']]) {
        const end = lon === 'dest_lon' ? 'destination' : 'origin';
        const { rows } = await getPool(db.url).query<{ key: string }>(
          `SELECT ${blockKeySql(grid, end)} AS key FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(${lon}, ${lat}, i) ORDER BY i`,
          [points.map((p) => p[0]), points.map((p) => p[1])]);
        expect(rows.map((r) => Number(r.key))).toEqual(points.map(([x, y]) => blockKey(grid, x, y)));
      }
    }
  });
});
