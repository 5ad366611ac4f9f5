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
    ['bbox=14,50,13,51', 'bbox'],
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

describe('other read endpoints', () => {
  it('similar trips validates precision and bucket size', async () => {
    expect((await call(similarTrips, 'precision=9')).status).toBe(400);
    const bucket = await call(similarTrips, 'bucketMinutes=45');
    expect(bucket.status).toBe(400);
    expect(bucket.body.error.message).toMatch(/bucketMinutes/);
    const ok = await call(similarTrips, 'region=Prague&limit=3&bucketMinutes=120');
    expect(ok.status).toBe(200);
    expect(ok.body.groups[0].bucket.label).toMatch(/^\d\d:00-\d\d:00$/);
  });

  it('regions and insights answer from the store', async () => {
    const r = await call(regions, '');
    expect(r.body.regions.map((x: { name: string }) => x.name)).toEqual(['Turin', 'Prague', 'Hamburg']);
    const i = await call(insights, '');
    expect(i.body.latestDatasource.datasource).toBe('pt_search_app');
  });
});
