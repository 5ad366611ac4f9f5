// The HTTP contract of POST /api/weekly-average: each class of bad area is a 400 naming where the
// problem is; a fuzzed body never gets a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_CSV } from '@/lib/testing/fixtures';
import { ingest } from '@/lib/testing/ingest';
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-database';
import { POST } from './route';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  process.env.DATABASE_URL = db.url;
  await ingest(db.url, SAMPLE_CSV);
});
afterAll(async () => db?.drop());

const post = async (body: unknown) => {
  const res = await POST(new Request('http://test/api/weekly-average', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }), undefined);
  return { status: res.status, body: await res.json() };
};
const poly = (...rings: number[][][]) => ({ polygon: { type: 'Polygon', coordinates: rings } });
const SQUARE = [[14.4, 50.0], [14.5, 50.0], [14.5, 50.1], [14.4, 50.1], [14.4, 50.0]];
const H = [[14.42, 50.02], [14.42, 50.06], [14.46, 50.06], [14.46, 50.02], [14.42, 50.02]];
const HH = [[14.43, 50.03], [14.43, 50.05], [14.45, 50.05], [14.45, 50.03], [14.43, 50.03]];
const L_SHAPE = [[14.4, 50.0], [14.5, 50.0], [14.5, 50.05], [14.45, 50.05], [14.45, 50.1], [14.4, 50.1], [14.4, 50.0]];

describe('POST /api/weekly-average', () => {
  it.each([
    ['no area', {}, 'origin'],
    ['an unclosed ring', { origin: poly(SQUARE.slice(0, 4)) }, 'origin.polygon.coordinates[0]'],
    ['fewer than 4 positions', { origin: poly([[14, 50], [15, 50], [14, 50]]) }, 'origin.polygon.coordinates[0]'],
    ['a self-intersecting ring (bow tie)', { destination: poly([[14, 50], [15, 51], [15, 50], [14, 51], [14, 50]]) }, 'destination.polygon.coordinates[0]'],
    ['a longitude out of range', { origin: poly([[14, 50], [190, 50], [15, 51], [14, 50]]) }, 'origin.polygon.coordinates[0][1]'],
    ['a latitude out of range', { origin: poly([[14, 50], [15, -95], [15, 51], [14, 50]]) }, 'origin.polygon.coordinates[0][1]'],
    ['a hole outside its ring', { origin: poly(SQUARE, [[15, 50], [15.1, 50], [15.1, 50.1], [15, 50]]) }, 'origin.polygon.coordinates[1][0]'],
    // SQUARE is 14.4..14.5 x 50.0..50.1; H is a hole in it, HH a hole inside H.
    ['a hole inside a hole', { origin: poly(SQUARE, H, HH) }, 'origin.polygon.coordinates[2]'],
    ['holes overlapping each other', { origin: poly(SQUARE, H, [[14.44, 50.04], [14.47, 50.04], [14.47, 50.07], [14.44, 50.07], [14.44, 50.04]]) }, 'origin.polygon.coordinates[2]'],
    ['the same hole twice', { origin: poly(SQUARE, H, H) }, 'origin.polygon.coordinates[2]'],
    ['a hole running along the outer ring', { origin: poly(SQUARE, [[14.42, 50.0], [14.45, 50.0], [14.45, 50.05], [14.42, 50.0]]) }, 'origin.polygon.coordinates[1]'],
    ['a hole crossing the outer ring', { origin: poly(SQUARE, [[14.45, 50.05], [14.55, 50.05], [14.45, 50.06], [14.45, 50.05]]) }, 'origin.polygon.coordinates[1]'],
    // An L-shaped outer ring whose inner corner (14.45, 50.05) lies on the hole's edge: the edge
    // leaves the polygon through that vertex without properly crossing any edge.
    ['a hole leaving the outer ring through a vertex', { origin: poly(L_SHAPE, [[14.41, 50.04], [14.49, 50.06], [14.41, 50.06], [14.41, 50.04]]) }, 'origin.polygon.coordinates[1]'],
    ['a flat triangle', { origin: poly([[14, 50], [14.5, 50.5], [15, 51], [14, 50]]) }, 'origin.polygon.coordinates[0]'],
    ['too many vertices', { origin: poly([...Array.from({ length: 1001 }, (_, i) => [14 + Math.cos(i / 160) * 0.1, 50 + Math.sin(i / 160) * 0.1]), [14.1, 50]]) }, 'origin.polygon.coordinates'],
    ['a multipolygon part crossing itself', { origin: { polygon: { type: 'MultiPolygon', coordinates: [[SQUARE], [[[14, 50], [15, 51], [15, 50], [14, 51], [14, 50]]]] } } }, 'origin.polygon.coordinates[1][0]'],
    ['two kinds of area at once', { origin: { bbox: [14, 50, 15, 51], region: 'Prague' } }, 'origin'],
    ['a bad bbox', { origin: { bbox: [14, 52, 15, 51] } }, 'origin.bbox'],
    ['a point geometry', { origin: { polygon: { type: 'Point', coordinates: [14, 50] } } }, 'origin.polygon.type'],
    ['an unknown key', { origin: { bbox: [14, 50, 15, 51] }, match: 'both' }, 'match'],
    ['a bad date', { origin: { region: 'Prague' }, from: '2018-02-30' }, 'from'],
  ])('answers 400 for %s', async (_what, body, where) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_parameter');
    expect(r.body.error.message.startsWith(`${where}: `), r.body.error.message).toBe(true);
  });

  it('accepts triangles, rings touching at single points, either winding, and overlapping multipolygon parts', async () => {
    expect((await post({ origin: poly([[14.4, 50.0], [14.5, 50.0], [14.45, 50.1], [14.4, 50.0]]) })).status).toBe(200);
    const touching = poly(SQUARE, [[14.4, 50.05], [14.45, 50.04], [14.45, 50.06], [14.4, 50.05]], [[14.45, 50.04], [14.48, 50.04], [14.48, 50.06], [14.45, 50.04]]);
    const reversed = poly([...SQUARE].reverse(), H);
    const overlapping = { polygon: { type: 'MultiPolygon', coordinates: [[SQUARE], [SQUARE], [H]] } };
    for (const origin of [touching, reversed, overlapping]) expect((await post({ origin })).status, JSON.stringify(origin)).toBe(200);
    // Overlapping parts are their union: each trip once, as the square alone.
    expect((await post({ origin: overlapping })).body.totalTrips).toBe((await post({ origin: poly(SQUARE) })).body.totalTrips);
  });

  it('answers 404 for an unknown region', async () => {
    expect((await post({ destination: { region: 'Atlantis' } })).status).toBe(404);
  });

  it('answers a polygon with the GET shape plus the areas, and the same count as the box it equals', async () => {
    const r = await post({ origin: poly(SQUARE) });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['areas', 'from', 'to', 'weeks', 'totalTrips', 'weeklyAverage', 'series']);
    expect(r.body.areas).toEqual({ origin: poly(SQUARE) });
    const box = await post({ origin: { bbox: [14.4, 50.0, 14.5, 50.1] } });
    expect(r.body.totalTrips).toBe(box.body.totalTrips);
    expect(r.body.totalTrips).toBeGreaterThan(0);
  });

  it('never answers 5xx to a fuzzed body', async () => {
    const num = fc.oneof(fc.double(), fc.integer({ min: -200, max: 200 }), fc.constantFrom(14.4, 50.05, 180, -180, 90, -90, 0));
    const position = fc.array(num, { minLength: 0, maxLength: 4 });
    const ring = fc.oneof(fc.array(position, { maxLength: 8 }), fc.constant(SQUARE));
    const geometry = fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'x'), coordinates: fc.oneof(fc.array(ring, { maxLength: 3 }), fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }), fc.anything()) }, { requiredKeys: [] });
    const area = fc.oneof(
      fc.record({ polygon: geometry }),
      fc.record({ bbox: fc.oneof(fc.array(num, { maxLength: 5 }), fc.anything()) }),
      fc.record({ region: fc.oneof(fc.constantFrom('Prague', 'turin', '', '\0'), fc.string()) }),
      fc.anything(),
    );
    const body = fc.oneof(
      fc.record({ origin: area, destination: area, from: fc.constantFrom('2018-05-01', 'x'), to: fc.constantFrom('2018-06-01', '1e309') }, { requiredKeys: [] }),
      fc.anything(),
      fc.string().map((s) => ({ raw: s })),
    );
    await fc.assert(fc.asyncProperty(body, async (b) => {
      const raw = typeof b === 'object' && b !== null && 'raw' in b && typeof (b as { raw: unknown }).raw === 'string' ? (b as { raw: string }).raw : JSON.stringify(b) ?? 'null';
      const r = await post(raw);
      expect(r.status, raw.slice(0, 300)).toBeLessThan(500);
      if (r.status >= 400) expect(typeof r.body.error.message).toBe('string');
    }), { seed: 20240612, numRuns: 300 });
  });
});
