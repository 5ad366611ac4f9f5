// store.cell_spans: the window cover (pure), and the spans equal to the sums of the tiles they
// span after every kind of write: loads, deletion of an ingestion, retention, compaction, and
// a rebuild by maintenance of a store that had none. (density.test.ts checks the answers built
// on them against raw trips; store-content.ts compares them across stores in the other tests.)
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { cellMaskOf, tileGridOf } from '../geo/tile-key';
import { dayToIsoDate, isoDateToDay } from '../geo/wall-time';
import { generateCsv, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { density } from '../trips/density';
import { buildPendingCellSpans, cellSpansPending, coverWindow, SPAN_WEEKS, spanOf } from './cell-spans';
import { compactAggregates } from './compact';
import { deleteIngestionData } from './delete-ingestion';
import { dropWeek } from './retention';
import { readStoreSettings } from './store-settings';
import { rng } from './synthetic';

const monday = (n: number) => dayToIsoDate(isoDateToDay('2018-01-01') + 7 * n);
const weeksOf = (from: string, to: string) => Array.from({ length: (isoDateToDay(to) - isoDateToDay(from)) / 7 }, (_, i) => dayToIsoDate(isoDateToDay(from) + 7 * i));

describe('coverWindow', () => {
  it('adds up to exactly the weeks of the window, with aligned spans and at most 8 single weeks an edge', () => {
    const random = rng(5);
    for (let i = 0; i < 500; i++) {
      const a = Math.floor(random() * 120) - 60;
      const [from, to] = [monday(a), monday(a + 1 + Math.floor(random() * 90))];
      const data = random() < 0.5 ? { from: monday(a + Math.floor(random() * 8)), to: monday(a + 40 + Math.floor(random() * 40)) } : undefined;
      const c = coverWindow(from, to, data);
      const count = new Map<string, number>();
      const add = (w: string, n: number) => count.set(w, (count.get(w) ?? 0) + n);
      for (const s of c.spans) {
        expect(SPAN_WEEKS).toContain(s.weeks);
        expect(spanOf(s.from, s.weeks)).toBe(s.from); // aligned
        for (const w of weeksOf(s.from, dayToIsoDate(isoDateToDay(s.from) + 7 * s.weeks))) add(w, 1);
      }
      for (const [x, y] of c.weeks) for (const w of weeksOf(x, y)) add(w, 1);
      for (const [x, y] of c.minus) for (const w of weeksOf(x, y)) add(w, -1);
      const expected = new Map(weeksOf(from, to).map((w) => [w, 1]));
      expect(new Map([...count].filter(([, n]) => n !== 0)), `${from}..${to}`).toEqual(expected);
      const singles = [...c.weeks, ...c.minus].reduce((n, [x, y]) => n + weeksOf(x, y).length, 0);
      if (!data) expect(singles).toBeLessThanOrEqual(16);
    }
  });

  it('takes a span and subtracts the weeks past the stored ones rather than reading edge weeks', () => {
    const data = { from: '2018-01-01', to: '2019-01-07' };
    const c = coverWindow(data.from, data.to, data);
    expect(c.weeks).toEqual([]); // no week of the store is read one by one
    expect(c.spans.length).toBe(5); // 13 weeks before the data, 53 of it, 14 after
    for (const [x, y] of c.minus) expect(y <= data.from || x >= data.to).toBe(true);
    // without knowing the store's weeks, the edges cost what they cost
    const blind = coverWindow(data.from, data.to);
    expect([...blind.weeks, ...blind.minus].reduce((n, [x, y]) => n + weeksOf(x, y).length, 0)).toBe(3 + 2);
  });
});

let db: TestDatabase;
const pool = () => getPool(db.url);

/** The spans as they should be: the fine cells of the tiles summed per store cell and span, in JS. */
async function expectedSpans(): Promise<string[]> {
  const settings = (await readStoreSettings(pool()))!;
  const mask = cellMaskOf(tileGridOf(settings.grid), settings.grid);
  const { rows } = await pool().query<{ side: number; region_id: number; week: string; tx: number; ty: number; fines: number[]; fine_trips: number[] }>(
    'SELECT side, region_id, week::text AS week, tx, ty, fines, fine_trips FROM store.cell_tiles');
  const sums = new Map<string, number>();
  for (const r of rows) {
    for (const weeks of SPAN_WEEKS) {
      r.fines.forEach((sub, i) => {
        const key = [r.side, r.region_id, weeks, spanOf(r.week, weeks), r.tx, r.ty, sub & mask].join('|');
        sums.set(key, (sums.get(key) ?? 0) + r.fine_trips[i]);
      });
    }
  }
  return [...sums].filter(([, n]) => n !== 0).map(([k, n]) => `${k}|${n}`).sort();
}

async function storedSpans(): Promise<string[]> {
  const { rows } = await pool().query<{ side: number; region_id: number; weeks: number; span: string; tx: number; ty: number; trips: number; cells: number[]; cell_trips: number[] }>(
    'SELECT side, region_id, weeks, span::text AS span, tx, ty, trips, cells, cell_trips FROM store.cell_spans');
  const sums = new Map<string, number>();
  for (const r of rows) {
    const key = [r.side, r.region_id, r.weeks, r.span, r.tx, r.ty].join('|');
    expect(r.cells).toEqual([...new Set(r.cells)].sort((a, b) => a - b));
    expect(r.trips).toBe(r.cell_trips.reduce((s, n) => s + n, 0));
    r.cells.forEach((m, i) => sums.set(`${key}|${m}`, (sums.get(`${key}|${m}`) ?? 0) + r.cell_trips[i]));
  }
  return [...sums].map(([k, n]) => `${k}|${n}`).sort();
}

/** Span rows per key (side, region, weeks, span, tile), the most of any key. */
async function rowsPerKey(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    'SELECT coalesce(max(n), 0)::int AS n FROM (SELECT count(*) AS n FROM store.cell_spans GROUP BY side, region_id, weeks, span, tx, ty) k');
  return rows[0].n;
}

describe('store.cell_spans', () => {
  beforeAll(async () => {
    db = await createTestDatabase(inject('pgServerUrl'));
    const dir = tempDir();
    // 30 weeks from 2017-11-20: spans of both lengths, some reaching past the data
    await ingest(db.url, generateCsv(dir, 'a.csv', 8_000, { seed: 31, regions: 3, start: '2017-11-20', days: 210 }));
    await ingest(db.url, generateCsv(dir, 'b.csv', 4_000, { seed: 32, regions: 2, start: '2018-02-05', days: 60 }));
    await ingest(db.url, generateCsv(dir, 'c.csv', 3_000, { seed: 33, regions: 2, start: '2018-03-01', days: 40 }));
  });
  afterAll(async () => db?.drop());

  it('equal the tiles after loads (each load appends its own rows)', async () => {
    const stored = await storedSpans();
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toEqual(await expectedSpans());
    expect(await rowsPerKey()).toBe(3); // keys the three loads share
  });

  it('equal the tiles after compaction (one row a key), deletion of an ingestion and a dropped week', async () => {
    await compactAggregates(pool());
    expect(await rowsPerKey()).toBe(1);
    expect(await storedSpans()).toEqual(await expectedSpans());
    const { rows: [{ id }] } = await pool().query<{ id: number }>('SELECT max(ingestion_id) AS id FROM store.ingestion_weeks');
    await deleteIngestionData(pool(), id);
    expect(await storedSpans()).toEqual(await expectedSpans());
    await dropWeek(pool(), '2017-11-27');
    expect(await storedSpans()).toEqual(await expectedSpans());
  });

  it('are built by maintenance where a store loaded before them lacks them, and density reads weekly tiles until then', async () => {
    const before = await storedSpans();
    const view = { bbox: { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 }, match: 'origin' as const, maxCells: 4000 };
    const answer = await density(view, pool());
    // what the backfill migration leaves on such a store: every span listed, rows missing; and a
    // span holding only the rows of a load made after the migration (here: destinations only)
    await pool().query(`DELETE FROM store.cell_spans WHERE span >= '2018-03-01' AND NOT (side = 1 AND span = (SELECT min(span) FROM store.cell_spans WHERE span >= '2018-03-01'))`);
    await pool().query(`INSERT INTO store.cell_spans_backfill
      SELECT DISTINCT region_id, date '1900-01-01' + ((week - date '1900-01-01') / 112) * 112 FROM store.cell_tiles`);
    expect(await cellSpansPending(pool())).toBe(true);
    expect(await density(view, pool())).toEqual(answer);
    const progress: [number, number][] = [];
    const built = await buildPendingCellSpans(pool(), await readStoreSettings(pool()), (done, total) => progress.push([done, total]));
    expect(built).toBeGreaterThan(0);
    // one step per span before it is built, then the end: maintenance shows it as a bar
    expect(progress).toEqual(Array.from({ length: built + 1 }, (_, i) => [i, built]));
    expect(await storedSpans()).toEqual(before);
    expect(await buildPendingCellSpans(pool(), await readStoreSettings(pool()))).toBe(0); // nothing left to build
    expect(await cellSpansPending(pool())).toBe(false);
    expect(await density(view, pool())).toEqual(answer);
  });
});
