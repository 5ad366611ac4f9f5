// Trip names: region names fold the same way on every database (case and Unicode normal form
// aside, whatever the database's locale: these tests run on a database with the C locale, what
// initdb gives on a machine without LANG, whose SQL lower() folds only ASCII letters), and a
// store holds a bounded number of regions and datasources, rows past it rejected one by one.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { NotFoundError } from '../errors/domain-errors';
import { tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { readCsvBytes } from '../testing/read-csv';
import { weeklyAverage } from '../trips/weekly-average';
import { nameLimitReason, regionKey } from './trip-names';

const regionLimitReason = (max: number) => nameLimitReason('region', max);
let db: TestDatabase;
const dir = tempDir();
const HEADER = 'region,origin_coord,destination_coord,datetime,datasource';
const row = (region: string, minute: number) =>
  `${region},POINT (14.03 50.66),POINT (14.04 50.67),2019-05-06 10:${String(minute).padStart(2, '0')}:00,src`;
const ZURICH_NFD = 'Zu\u0308rich';

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'), { cLocale: true });
});
afterAll(async () => db?.drop());

const tripsByRegion = async () => (await getPool(db.url).query<{ name: string; n: number }>(
  'SELECT r.name, count(t.*)::int AS n FROM regions r LEFT JOIN store.trips t ON t.region_id = r.id GROUP BY r.id, r.name ORDER BY r.id')).rows;

describe('region names on a C-locale database', () => {
  it('the database folds only ASCII in SQL (the premise of these tests)', async () => {
    const { rows } = await getPool(db.url).query<{ l: string }>("SELECT lower('ÚSTÍ') AS l");
    expect(rows[0].l).not.toBe('ústí');
  });

  it('one file: every spelling of a name, in case or normal form, is one region', async () => {
    const r = await ingest(db.url, writeCsv(dir, 'one.csv', [HEADER,
      row('ÚSTÍ', 1), row('Zürich', 2), row('ústí', 3), row('ZÜRICH', 4), row(ZURICH_NFD, 5), row('Ústí', 6)].join('\n')));
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 6, rowsRejected: 0 });
    expect(await tripsByRegion()).toEqual([{ name: 'ÚSTÍ', n: 3 }, { name: 'Zürich', n: 3 }]);
  });

  it('a later file finds the regions already stored under another spelling', async () => {
    const r = await ingest(db.url, writeCsv(dir, 'two.csv', [HEADER, row('ústí', 7), row(ZURICH_NFD.toUpperCase(), 8), row('Ελλάδα', 9)].join('\n')));
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 3, rowsRejected: 0 });
    expect(await tripsByRegion()).toEqual([{ name: 'ÚSTÍ', n: 4 }, { name: 'Zürich', n: 4 }, { name: 'Ελλάδα', n: 1 }]);
  });

  it('the API finds a region by any spelling, and says which name it does not know', async () => {
    const pool = getPool(db.url);
    for (const [name, trips] of [['úSTí', 4], [ZURICH_NFD.toUpperCase(), 4], ['zürich', 4], ['ΕΛΛΆΔΑ', 1]] as const) {
      const r = await weeklyAverage({ region: name, match: 'origin' }, pool);
      expect([name, r.totalTrips]).toEqual([name, trips]);
    }
    await expect(weeklyAverage({ region: 'Usti', match: 'origin' }, pool)).rejects.toThrow(NotFoundError);
  });

  it('past the region limit, rows of new regions are rejected with their line; rows of stored ones are kept', async () => {
    // The store holds three regions (above); with a limit of three a fourth is refused.
    const r = await ingest(db.url, writeCsv(dir, 'three.csv', [HEADER, row('Brno', 10), row('ÚSTÍ', 11), row('brno', 12), row('ελλάδα', 13)].join('\n')),
      { maxNames: { regions: 3, datasources: 10 } });
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 2, rowsRejected: 2 });
    expect(r.rejects).toEqual([{ line: 2, reason: regionLimitReason(3) }, { line: 4, reason: regionLimitReason(3) }]);
    expect(await tripsByRegion()).toEqual([{ name: 'ÚSTÍ', n: 5 }, { name: 'Zürich', n: 4 }, { name: 'Ελλάδα', n: 2 }]);
  });

  it('the reader takes new regions until the limit, in the order rows name them', async () => {
    const csv = [HEADER, row('Praha', 1), row('Brno', 2), row('PRAHA', 3), row('Ostrava', 4), row('brno', 5), row('Ostrava', 6)].join('\n');
    const out = await readCsvBytes(dir, Buffer.from(csv), { names: { regions: { known: [regionKey('Praha')], max: 2 }, datasources: { known: [], max: 10 } } });
    expect(out.trips.map((t) => t.region)).toEqual(['Praha', 'Brno', 'Praha', 'Brno']);
    expect(out.rejects.map((x) => [x.line, x.reason])).toEqual([[5, regionLimitReason(2)], [7, regionLimitReason(2)]]);
  });

  it('datasources have a limit of their own, matched by exact name', async () => {
    const line = (source: string) => `Praha,POINT (14.4 50.1),POINT (14.5 50.0),2019-05-06 10:00:00,${source}`;
    const csv = [HEADER, line('src'), line('app_a'), line('APP_A'), line('app_a'), line('app_b')].join('\n');
    const out = await readCsvBytes(dir, Buffer.from(csv), { names: { regions: { known: [], max: 10 }, datasources: { known: ['src'], max: 2 } } });
    expect(out.trips.map((t) => t.datasource)).toEqual(['src', 'app_a', 'app_a']);
    expect(out.rejects.map((x) => [x.line, x.reason])).toEqual([[4, nameLimitReason('datasource', 2)], [6, nameLimitReason('datasource', 2)]]);
  });

  it('regionKey folds case and normal form, and nothing else', () => {
    expect(regionKey('ZU\u0308RICH')).toBe(regionKey('zürich'));
    expect(regionKey('Usti')).not.toBe(regionKey('Ústí'));
  });
});
