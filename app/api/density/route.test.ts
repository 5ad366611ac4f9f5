// The HTTP contract of GET /api/density: bad parameters get a 400 naming the parameter, good ones
// the documented shape.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_CSV } from '@/lib/testing/fixtures';
import { ingest } from '@/lib/testing/ingest';
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-database';
import { GET } from './route';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  process.env.DATABASE_URL = db.url;
  await ingest(db.url, SAMPLE_CSV);
});
afterAll(async () => db?.drop());

const call = async (query: string) => {
  const res = await GET(new Request(`http://test/api/density?${query}`), undefined);
  return { status: res.status, body: await res.json() };
};

describe('GET /api/density', () => {
  it.each([
    ['bbox=14,50,15,51&maxCells=20001', 'maxCells'],
    ['bbox=14,50,15,51&maxCells=31', 'maxCells'],
    ['bbox=14,50,15,51&maxCells=many', 'maxCells'],
    ['bbox=14,50,15,51&maxCells=1e309', 'maxCells'],
    ['bbox=14,50,15,51&match=both', 'match'],
    ['bbox=14,50,15', 'bbox'],
    ['', 'bbox'],
    ['bbox=14,50,15,51&region=Prague', 'region'],
    ['bbox=14,50,15,51&from=2018-05-10&to=2018-05-01', 'from'],
  ])('answers 400 for %s, naming %s', async (query, param) => {
    const { status, body } = await call(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.parameter).toBe(param);
  });

  it('answers the documented shape with every trip of the view', async () => {
    const { status, body } = await call('bbox=14.2,49.9,14.8,50.2&match=destination&maxCells=20000');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['cellSize', 'from', 'to', 'cells', 'totalTrips']);
    expect(Object.keys(body.cells[0])).toEqual(['west', 'south', 'east', 'north', 'trips']);
    expect(body.totalTrips).toBe(body.cells.reduce((s: number, c: { trips: number }) => s + c.trips, 0));
    expect(body.totalTrips).toBeGreaterThan(0);
  });
});
