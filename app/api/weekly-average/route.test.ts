// The HTTP contract of the read API: bad parameters get a 400 naming the parameter, an unknown
// region a 404, always as JSON {"error": {"code", "message"}}; good ones the documented shape.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_CSV } from '@/lib/testing/fixtures';
import { ingest } from '@/lib/testing/ingest';
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-database';
import { GET as weeklyAverage } from './route';
import { GET as similarTrips } from '../similar-trips/route';
import { GET as regions } from '../regions/route';
import { GET as insights } from '../insights/route';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  process.env.DATABASE_URL = db.url;
  await ingest(db.url, SAMPLE_CSV);
});
afterAll(async () => db?.drop());

const call = async (handler: typeof weeklyAverage, query: string) => {
  const res = await handler(new Request(`http://test/api/x?${query}`), undefined);
  return { status: res.status, body: await res.json() };
};

describe('GET /api/weekly-average', () => {
  it.each([
    ['bbox=1,2,3', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['bbox=14,50,200,51', 'bbox'],
    ['bbox=200,50,13,51', 'bbox'], // west > east is allowed (antimeridian), but each longitude is checked
    ['bbox=14,52,15,51', 'bbox'],
    ['bbox=14,50,15,51&region=Prague', 'bbox'],
    ['', 'bbox'],
    ['region=Prague&match=sideways', 'match'],
    ['region=Prague&from=2018-05-10&to=2018-05-01', 'from'],
    ['region=Prague&from=2018-02-30', 'from'],
    ['region=Prague&to=yesterday', 'to'],
    ['region=Prague&limit=5', 'limit'],
  ])('answers 400 for %s, naming %s', async (query, param) => {
    const { status, body } = await call(weeklyAverage, query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.message).toContain(param);
  });

  it('answers a box across the antimeridian, echoing it as given', async () => {
    const { status, body } = await call(weeklyAverage, 'bbox=170,-20,-170,-10');
    expect(status).toBe(200);
    expect(body.area).toEqual({ bbox: [170, -20, -170, -10] });
  });

  it('answers 404 for an unknown region', async () => {
    const { status, body } = await call(weeklyAverage, 'region=Atlantis');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'not_found', message: 'unknown region "Atlantis"' });
  });

  it('answers a box with the documented shape', async () => {
    const { status, body } = await call(weeklyAverage, 'bbox=14.35,50.0,14.55,50.12&match=both');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['area', 'match', 'from', 'to', 'weeks', 'totalTrips', 'weeklyAverage', 'series']);
    expect(body.area).toEqual({ bbox: [14.35, 50, 14.55, 50.12] });
    expect(body.series).toHaveLength(body.weeks);
  });
});

describe('date windows', () => {
  it.each([
    // reported: 400 "from must be before to" although it is (years beyond 9999 after snapping)
    ['from=0001-01-01&to=9999-12-31', 'from', /year 1 is outside 1900-2199/],
    // reported: 200 with 417,421 weeks
    ['from=1000-01-01&to=9000-01-01', 'from', /year 1000 is outside/],
    ['from=2018-01-01&to=9000-01-01', 'to', /year 9000 is outside/],
    ['from=0099-01-01&to=2018-01-01', 'from', /year 99 is outside/],
    ['from=1900-01-01&to=2199-12-31', 'to', /at most 1044 weeks \(20 years\), not 15\d\d\d/],
    ['from=2000-01-03&to=2020-01-07', 'to', /at most 1044 weeks .* not 1045/],
    ['from=1990-01-01', 'from', /at most 1044 weeks/], // to defaults to the store's end (2018)
    ['to=2050-01-01', 'to', /at most 1044 weeks/], // from defaults to the store's start (2018)
    ['from=2018-05-10&to=2018-05-10', 'from', /must be before to/],
    ['from=2030-01-01', 'from', /store's last week/],
    ['to=1950-01-01', 'to', /store's first week/],
  ])('refuses %s, naming %s', async (window, param, message) => {
    const { status, body } = await call(weeklyAverage, `region=Prague&${window}`);
    expect(status).toBe(400);
    expect(body.error.parameter).toBe(param);
    expect(body.error.message).toMatch(new RegExp(`^${param}: `));
    expect(body.error.message).toMatch(message);
  });

  it('answers windows up to 1044 weeks, from 1900 to 2199', async () => {
    const longest = await call(weeklyAverage, 'region=Prague&from=2000-01-03&to=2019-12-30');
    expect([longest.status, longest.body.weeks]).toEqual([200, 1043]);
    const limit = await call(weeklyAverage, 'region=Prague&from=2000-01-03&to=2020-01-01');
    expect([limit.status, limit.body.weeks, limit.body.to]).toEqual([200, 1044, '2020-01-06']);
    const early = await call(weeklyAverage, 'region=Prague&from=1900-01-01&to=1900-01-08');
    expect([early.status, early.body.from, early.body.weeks]).toEqual([200, '1900-01-01', 1]);
    const late = await call(weeklyAverage, 'region=Prague&from=2199-12-01&to=2199-12-31');
    expect([late.status, late.body.to, late.body.totalTrips]).toEqual([200, '2200-01-06', 0]);
  });
});

describe('other read endpoints', () => {
  it('similar trips validates precision and bucket size', async () => {
    expect((await call(similarTrips, 'precision=9')).status).toBe(400);
    const bucket = await call(similarTrips, 'bucketMinutes=45');
    expect(bucket.status).toBe(400);
    expect(bucket.body.error.message).toMatch(/bucketMinutes/);
    // (The sample's trips make groups of two only with coarse cells and long buckets.)
    const ok = await call(similarTrips, 'region=Prague&limit=3&precision=4&bucketMinutes=360');
    expect(ok.status).toBe(200);
    expect(ok.body.groups[0].bucket.label).toMatch(/^\d\d:00-\d\d:00$/);
    expect(ok.body.groups.every((g: { trips: number }) => g.trips >= 2)).toBe(true);
  });

  it('regions and insights answer from the store', async () => {
    const r = await call(regions, '');
    expect(r.body.regions.map((x: { name: string }) => x.name)).toEqual(['Turin', 'Prague', 'Hamburg']);
    const i = await call(insights, '');
    expect(i.body.latestDatasource.datasource).toBe('pt_search_app');
  });
});
