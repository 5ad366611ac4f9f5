// The same rows ingested as ten files and as one: after compaction the aggregates hold the
// same content (unnested and summed) in the same number of rows, and answers are equal.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { weeklyAverageQuery } from '../trips/schemas';
import { weeklyAverage, type Match } from '../trips/weekly-average';
import { compactAggregates } from './compact';
import { storeContent } from '../testing/store-content';

let split: TestDatabase;
let whole: TestDatabase;
const dir = tempDir();
const FILES = 10;

beforeAll(async () => {
  [split, whole] = [await createTestDatabase(inject('pgServerUrl')), await createTestDatabase(inject('pgServerUrl'))];
  const file = generateCsv(dir, 'all.csv', 12_000, { seed: 5, regions: 3 });
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  expect((await ingest(whole.url, file)).status).toBe('succeeded');
  const per = Math.ceil(lines.length / FILES);
  for (let i = 0; i < FILES; i++) {
    const part = writeCsv(dir, `part-${i}.csv`, [header, ...lines.slice(i * per, (i + 1) * per)].join('\n') + '\n');
    expect((await ingest(split.url, part)).status).toBe('succeeded');
  }
});
afterAll(async () => {
  await split?.drop();
  await whole?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = async (db: TestDatabase, sql: string) => (await getPool(db.url).query(sql)).rows;
const count = async (db: TestDatabase, table: string) => Number((await rows(db, `SELECT count(*) AS n FROM ${table}`))[0].n);

/** Every aggregate table's content, unpacked and summed per key, with region names (not ids). */
const content = (db: TestDatabase) => storeContent(getPool(db.url));

/** Boxes of several sizes around some trips' origins (the same trips in both stores). */
async function boxes(db: TestDatabase): Promise<string[]> {
  const points = await rows(db, 'SELECT origin_lon AS lon, origin_lat AS lat FROM store.trips ORDER BY started_at, origin_lon, origin_lat');
  return Array.from({ length: 8 }, (_, i) => {
    const { lon, lat } = points[i * 1401];
    const r = 0.004 + 0.013 * i;
    return [lon - r, lat - r * 0.7, lon + r * 1.3, lat + r].join(',');
  });
}

async function answers(db: TestDatabase, bboxes: string[]) {
  const out = [];
  for (const bbox of bboxes) {
    for (const match of ['origin', 'destination', 'both'] as Match[]) {
      out.push(await weeklyAverage(weeklyAverageQuery.parse({ bbox, match }), getPool(db.url)));
    }
  }
  return out;
}

describe('compactAggregates', () => {
  it('turns ten ingestions of the rows into exactly the aggregates of one, online, answers unchanged', async () => {
    const expected = await content(whole);
    const bboxes = await boxes(whole);
    const expectedAnswers = await answers(whole, bboxes);
    expect(expected.tiles.length).toBeGreaterThan(1000);
    expect(expectedAnswers.filter((r) => r.totalTrips > 0).length).toBeGreaterThanOrEqual(20);
    expect(await content(split)).toEqual(expected);
    const [tilesBefore, tilesOne] = [await count(split, 'store.cell_tiles'), await count(whole, 'store.cell_tiles')];
    expect(tilesBefore).toBeGreaterThan(tilesOne); // the split store really holds partial rows

    // Readers during the compaction always see the full totals (old rows or merged ones).
    let done = false;
    const compaction = compactAggregates(getPool(split.url)).finally(() => { done = true; });
    const seen = new Set<string>();
    while (!done) {
      const [t] = await rows(split, `SELECT (SELECT sum(trips) FROM store.cell_tiles)::text AS tiles,
        (SELECT sum(coalesce(n, 1)) FROM store.trip_groups, unnest(origins, trips) AS u(o, n))::text AS groups`);
      seen.add(`${t.tiles}/${t.groups}`);
    }
    const result = await compaction;
    expect([...seen]).toEqual(['24000/12000']);

    expect(result.regionWeeks).toBeGreaterThan(0);
    expect(result).toMatchObject({ tileRowsBefore: tilesBefore, tileRowsAfter: tilesOne, groupRowsAfter: await count(whole, 'store.trip_groups') });
    expect(await content(split)).toEqual(expected);
    expect(await count(split, 'store.cell_tiles')).toBe(tilesOne);
    expect(await answers(split, bboxes)).toEqual(expectedAnswers);
    const [ids] = await rows(split, `SELECT (SELECT count(*) FROM store.cell_tiles WHERE ingestion_id = 0)::int AS zero,
      (SELECT count(DISTINCT ingestion_id) FROM store.trips)::int AS loads`);
    expect(ids.zero).toBeGreaterThan(0);
    expect(ids.loads).toBe(FILES); // raw trips keep their ingestion

    // Nothing left to merge: a second run changes nothing.
    expect(await compactAggregates(getPool(split.url))).toMatchObject({ regionWeeks: 0, tileRowsAfter: tilesOne });
    expect(await content(split)).toEqual(expected);
  });
});
