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

describe('POST /api/weekly-average', () => {
  it.each([
    ['no area', {}, 'origin'],
    ['an unclosed ring', { origin: poly(SQUARE.slice(0, 4)) }, 'origin.polygon.coordinates[0]'],
    ['fewer than 4 positions', { origin: poly([[14, 50], [15, 50], [14, 50]]) }, 'origin.polygon.coordinates[0]'],
    ['a self-intersecting ring (bow tie)', { destination: poly([[14, 50], [15, 51], [15, 50], [14, 51], [14, 50]]) }, 'destination.polygon.coordinates[0]'],
    ['a longitude out of range', { origin: poly([[14, 50], [190, 50], [15, 51], [14, 50]]) }, 'origin.polygon.coordinates[0][1]'],
    ['a latitude out of range', { origin: poly([[14, 50], [15, -95], [15, 51], [14, 50]]) }, 'origin.polygon.coordinates[0][1]'],
    ['a hole outside its ring', { origin: poly(SQUARE, [[15, 50], [15.1, 50], [15.1, 50.1], [15, 50]]) }, 'origin.polygon.coordinates[1]'],
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
