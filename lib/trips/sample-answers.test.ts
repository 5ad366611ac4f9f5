// The challenge's questions on the 100-row sample, whose answers are known.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { NotFoundError } from '../errors/domain-errors';
import { ERROR_STATUS } from '../http/error-response';
import { SAMPLE_CSV } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { insights } from './insights';
import { weeklyAverageQuery } from './schemas';
import { weeklyAverage } from './weekly-average';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  await ingest(db.url, SAMPLE_CSV);
});
afterAll(async () => db?.drop());

describe('answers on the sample', () => {
  it('latest datasource of the two most common regions is pt_search_app; cheap_mobile appeared in Hamburg, Prague, Turin', async () => {
    const a = await insights(getPool(db.url));
    expect(a.topRegions).toEqual(['Turin', 'Prague']);
    expect(a.latestDatasource?.datasource).toBe('pt_search_app');
    expect(a.cheapMobileRegions).toEqual(['Hamburg', 'Prague', 'Turin']);
  });

  it('region weekly average spans the weeks of the whole store (Apr 30 to Jun 4, 5 weeks)', async () => {
    const r = await weeklyAverage(weeklyAverageQuery.parse({ region: 'Hamburg' }), getPool(db.url));
    expect(r).toMatchObject({ from: '2018-04-30', to: '2018-06-04', weeks: 5, totalTrips: 28, weeklyAverage: 5.6 });
    expect(r.series).toHaveLength(5);
  });

  it('snaps a window to ISO weeks and counts empty weeks as zeros', async () => {
    const r = await weeklyAverage(weeklyAverageQuery.parse({ region: 'Prague', from: '2018-05-02', to: '2018-06-12' }), getPool(db.url));
    expect([r.from, r.to, r.weeks]).toEqual(['2018-04-30', '2018-06-18', 7]);
    expect(r.series.slice(5)).toEqual([{ weekStart: '2018-06-04', trips: 0 }, { weekStart: '2018-06-11', trips: 0 }]);
  });

  it('throws NotFoundError (answered as 404) for an unknown region', async () => {
    const err = await weeklyAverage(weeklyAverageQuery.parse({ region: 'Atlantis' }), getPool(db.url)).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(ERROR_STATUS[(err as NotFoundError).code]).toBe(404);
  });
});
