// Integration tests of the ingestion engine against a real PostgreSQL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { fineGridOf, makeGrid } from '../geo/cells';
import { fineXSql, fineYSql, SUB_CELLS } from '../geo/tile-key';
import { generateCsv, SAMPLE_CSV, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { DEFAULT_ORGANISE } from './cluster';

let db: TestDatabase;
const dir = tempDir();
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await getPool(db.url).query(sql, params)).rows as T[];
const tripCount = async () => Number((await q<{ n: string }>('SELECT count(*) AS n FROM store.trips'))[0].n);
/** Trips in the store and in each aggregate (cell_tiles counts both ends), and the rows each table holds. */
const totals = async () => (await q<{ trips: number; cells: number; groups: number; weeks: number; rows: string }>(`SELECT
  (SELECT count(*) FROM store.trips) AS trips, (SELECT coalesce(sum(trips), 0) FROM store.cell_tiles) AS cells,
  (SELECT coalesce(sum(coalesce(n, 1)), 0) FROM store.trip_groups, unnest(origins, trips) AS u(o, n)) AS groups, (SELECT coalesce(sum(trips), 0)::int8 FROM store.region_weeks) AS weeks,
  concat_ws('/', (SELECT count(*) FROM store.cell_tiles), (SELECT count(*) FROM store.trip_groups), (SELECT count(*) FROM store.region_weeks),
    (SELECT count(*) FROM store.region_datasources), (SELECT count(*) FROM ingested_files)) AS rows`))[0];

/** Fine cells (both ends), region-weeks and group totals per region-week where the aggregates and the raw trips disagree. */
async function aggregateMismatches(): Promise<unknown[]> {
  const fine = fineGridOf(makeGrid(6));
  const cells = await q(`
    WITH packed AS (
      SELECT side, region_id, week, ${fineXSql('tx', 'sub')} AS fx, ${fineYSql('ty', 'sub')} AS fy, sum(n) AS n
      FROM store.cell_tiles, unnest(fines, fine_trips) AS u(sub, n) GROUP BY 1, 2, 3, 4, 5),
    raw AS (
      SELECT e.side, region_id, date_trunc('week', started_at)::date AS week,
             floor((e.lon + 180) / $1)::int AS fx, floor((e.lat + 90) / $2)::int AS fy, count(*) AS n
      FROM store.trips, LATERAL (VALUES (0, origin_lon, origin_lat), (1, dest_lon, dest_lat)) AS e(side, lon, lat)
      GROUP BY 1, 2, 3, 4, 5)
    SELECT 'cell' AS what, * FROM packed FULL JOIN raw USING (side, region_id, week, fx, fy) WHERE packed.n IS DISTINCT FROM raw.n`,
  [fine.dx, fine.dy]);
  const weeks = await q(`
    WITH raw AS (SELECT region_id, date_trunc('week', started_at)::date AS week, count(*) AS n FROM store.trips GROUP BY 1, 2),
    groups AS (SELECT region_id, week, sum(coalesce(n, 1)) AS n FROM store.trip_groups, unnest(origins, trips) AS u(o, n) GROUP BY 1, 2)
    SELECT 'week' AS what, * FROM raw FULL JOIN store.region_weeks w USING (region_id, week) FULL JOIN groups g USING (region_id, week)
    WHERE raw.n IS DISTINCT FROM w.trips OR raw.n IS DISTINCT FROM g.n`);
  return [...cells, ...weeks];
}

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

describe('ingesting the challenge sample', () => {
  it('loads all 100 rows with the known per-region counts and time range', async () => {
    const r = await ingest(db.url, SAMPLE_CSV);
    expect(r).toMatchObject({ status: 'succeeded', rowsTotal: 100, rowsIngested: 100, rowsRejected: 0 });
    const regions = await q<{ name: string; n: string }>(
      'SELECT r.name, count(*) AS n FROM store.trips t JOIN regions r ON r.id = t.region_id GROUP BY 1 ORDER BY 1');
    expect(regions.map((x) => [x.name, Number(x.n)])).toEqual([['Hamburg', 28], ['Prague', 34], ['Turin', 38]]);
    const [range] = await q<{ first: string; last: string }>('SELECT min(started_at)::text AS first, max(started_at)::text AS last FROM store.trips');
    expect(range).toEqual({ first: '2018-05-01 05:24:37', last: '2018-05-31 11:59:33' });
  });

  it('keeps the exact coordinates and wall time of each row', async () => {
    const [row] = await q<Record<string, unknown>>(
      `SELECT origin_lon, origin_lat, dest_lon, dest_lat, started_at::text AS started_at FROM store.trips
       WHERE started_at = '2018-05-28 09:03:40'`);
    expect(row).toEqual({ origin_lon: 14.4973794438195, origin_lat: 50.00136875782316,
      dest_lon: 14.43109483523328, dest_lat: 50.04052930943246, started_at: '2018-05-28 09:03:40' });
  });

  it('materialises aggregates that agree with the raw trips', async () => {
    const [agg] = await q<{ o: string; d: string; g: string; rw: string; rd: string }>(`SELECT
      (SELECT sum(trips) FROM store.cell_tiles WHERE side = 0) AS o, (SELECT sum(trips) FROM store.cell_tiles WHERE side = 1) AS d,
      (SELECT sum(coalesce(n, 1)) FROM store.trip_groups, unnest(origins, trips) AS u(o, n)) AS g, (SELECT sum(trips) FROM store.region_weeks) AS rw,
      (SELECT sum(trips) FROM store.region_datasources) AS rd`);
    expect(Object.values(agg).map(Number)).toEqual([100, 100, 100, 100, 100]);
    const mismatched = await q(`
      SELECT * FROM (SELECT region_id, date_trunc('week', started_at)::date AS week, count(*) AS n FROM store.trips GROUP BY 1, 2) t
      FULL JOIN store.region_weeks w USING (region_id, week) WHERE t.n IS DISTINCT FROM w.trips`);
    expect(mismatched).toEqual([]);
  });

  it('packs the fine cells of both trip ends by tile, every stored row tagged with its ingestion', async () => {
    const jobs = await q<{ id: number }>("SELECT id FROM ingestion_jobs WHERE status = 'succeeded'");
    expect(jobs).toHaveLength(1);
    for (const table of ['store.trips', 'store.cell_tiles', 'store.trip_groups']) {
      const ids = await q<{ id: number }>(`SELECT DISTINCT ingestion_id AS id FROM ${table}`);
      expect(ids).toEqual([{ id: jobs[0].id }]);
    }
    const malformed = await q(`SELECT * FROM store.cell_tiles
      WHERE cardinality(fines) <> cardinality(fine_trips) OR fines[1] < 0 OR fines[cardinality(fines)] >= ${SUB_CELLS}
         OR fines <> (SELECT array_agg(DISTINCT s ORDER BY s) FROM unnest(fines) s)
         OR trips <> (SELECT sum(n) FROM unnest(fine_trips) n) OR 0 >= ALL (fine_trips)`);
    expect(malformed).toEqual([]);
    // Unpacked fine cells against the fine cells of the raw trips (no point here lies on an edge).
    expect(await aggregateMismatches()).toEqual([]);
  });

  it('recognises the same content ingested again and changes nothing', async () => {
    const before = await totals();
    expect(before).toMatchObject({ trips: 100, cells: 200, groups: 100, weeks: 100 });
    const copy = writeCsv(dir, 'renamed-copy.csv', fs.readFileSync(SAMPLE_CSV, 'utf8'));
    const r = await ingest(db.url, copy);
    expect(r.status).toBe('duplicate');
    expect(r.error).toMatch(/already ingested/);
    expect(await totals()).toEqual(before); // no trip, no aggregate row, no file record added
  });
});

describe('aggregates held in memory for fewer rows than a file', () => {
  it('are written in many spills of partial rows that still add up to the raw trips, cell by cell', async () => {
    const r = await ingest(db.url, generateCsv(dir, 'spills.csv', 5_000, { seed: 77, regions: 2, days: 21, start: '2022-01-03' }), { spillRows: 700 });
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 5_000 });
    const partial = await q('SELECT 1 FROM store.cell_tiles GROUP BY side, region_id, week, tx, ty HAVING count(*) > 1');
    expect(partial.length).toBeGreaterThan(0); // the spills happened
    expect(await aggregateMismatches()).toEqual([]);
    // each spill's keys were sorted before packing: a tile's fines in order, a group's pairs once
    const unsorted = await q(`SELECT 1 FROM store.cell_tiles
      WHERE fines <> (SELECT array_agg(DISTINCT s ORDER BY s) FROM unnest(fines) s)`);
    expect(unsorted).toEqual([]);
    const repeatedPairs = await q(`SELECT 1 FROM store.trip_groups g
      WHERE (SELECT count(DISTINCT (o, d)) FROM unnest(g.origins, g.destinations) AS u(o, d)) < cardinality(g.origins)`);
    expect(repeatedPairs).toEqual([]);
  });
});

describe('bad input', () => {
  it('rejects bad rows with line number and reason, keeps the valid ones', async () => {
    const file = writeCsv(dir, 'bad-rows.csv', [
      'region,origin_coord,destination_coord,datetime,datasource',
      'Oslo,POINT (10.75 59.91),POINT (10.76 59.92),2019-03-04 08:00:00,good_src', // line 2 ok
      'Oslo,POINT (abc 59.91),POINT (10.76 59.92),2019-03-04 08:00:00,good_src', // 3 bad point
      'Oslo,POINT (10.75 99),POINT (10.76 59.92),2019-03-04 08:00:00,good_src', // 4 lat out of range
      'Oslo,POINT (10.75 59.91),POINT (10.76 59.92),2019-02-30 08:00:00,good_src', // 5 bad date
      'Oslo,POINT (10.75 59.91),POINT (10.76 59.92),2019-03-04 08:00:00', // 6 missing column
      ',POINT (10.75 59.91),POINT (10.76 59.92),2019-03-04 08:00:00,good_src', // 7 empty region
      '',
      'Oslo,POINT (10.70 59.90),POINT (10.71 59.93),2019-03-05T09:30:00.5,good_src', // 9 ok
    ].join('\n'));
    const r = await ingest(db.url, file);
    expect(r).toMatchObject({ status: 'succeeded', rowsTotal: 7, rowsIngested: 2, rowsRejected: 5 });
    expect(r.rejects.map((x) => x.line)).toEqual([3, 4, 5, 6, 7]);
    expect(r.rejects[0].reason).toMatch(/non-numeric/);
    expect(r.rejects[3].reason).toMatch(/wrong column count/);
    const stored = await q<{ line: number; reason: string; raw: string }>(
      'SELECT line, reason, raw FROM rejected_rows WHERE job_id = $1 ORDER BY line', [r.jobId]);
    expect(stored).toHaveLength(5);
    expect(stored[0].raw).toBe('Oslo,POINT (abc 59.91),POINT (10.76 59.92),2019-03-04 08:00:00,good_src');
    const [{ n }] = await q<{ n: string }>(`SELECT count(*) AS n FROM store.trips t JOIN regions r ON r.id = t.region_id WHERE r.name = 'Oslo'`);
    expect(Number(n)).toBe(2);
  });

  it('handles BOM, CRLF, quoting, reordered and extra columns, and counts lines inside quoted newlines', async () => {
    const file = writeCsv(dir, 'quirky.csv', '\uFEFF' + [
      'datasource,note,datetime,region,destination_coord,origin_coord',
      '"quoted_src","a, comma",2019-04-01 10:00:00,Bergen,"POINT(5.33 60.39)","point (5.32 60.38)"',
      'src2,"two\r\nlines",2019-04-02 11:00:00,Bergen,POINT (5.33 60.39),POINT (5.32 60.38)',
      'src2,x,not a date,Bergen,POINT (5.33 60.39),POINT (5.32 60.38)', // physical line 5
    ].join('\r\n') + '\r\n');
    const r = await ingest(db.url, file);
    expect(r).toMatchObject({ status: 'succeeded', rowsTotal: 3, rowsIngested: 2, rowsRejected: 1, extraColumns: ['note'] });
    expect(r.rejects).toEqual([{ line: 5, reason: 'datetime is not YYYY-MM-DD HH:MM:SS' }]);
    const names = await q<{ name: string }>(`SELECT d.name FROM store.trips t JOIN datasources d ON d.id = t.datasource_id
      JOIN regions r ON r.id = t.region_id WHERE r.name = 'Bergen' ORDER BY 1`);
    expect(names.map((n) => n.name)).toEqual(['quoted_src', 'src2']);
  });

  it('fails an empty file or one without a usable header, ingesting nothing', async () => {
    const before = await tripCount();
    const empty = await ingest(db.url, writeCsv(dir, 'empty.csv', ''));
    expect(empty).toMatchObject({ status: 'failed', rowsIngested: 0 });
    expect(empty.error).toMatch(/empty/);
    const headless = await ingest(db.url, writeCsv(dir, 'headless.csv',
      'Prague,POINT (14.49 50.00),POINT (14.43 50.04),2018-05-28 09:03:40,funny_car\n'));
    expect(headless).toMatchObject({ status: 'failed', rowsIngested: 0 });
    expect(headless.error).toMatch(/no usable header/);
    const partial = await ingest(db.url, writeCsv(dir, 'partial-header.csv', 'region,origin_coord,datetime\nx,y,z\n'));
    expect(partial.error).toMatch(/missing column\(s\): destination_coord, datasource/);
    expect(await tripCount()).toBe(before);
    const [job] = await q<{ status: string; error: string }>('SELECT status, error FROM ingestion_jobs WHERE id = $1', [headless.jobId]);
    expect(job).toEqual({ status: 'failed', error: headless.error });
  });

  it('keeps UTF-8 names intact, also when non-ASCII text first appears deep in the file', async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) =>
      `Bergen,POINT (5.32 60.38),POINT (5.33 60.39),2019-05-01 10:${String(i % 60).padStart(2, '0')}:00,plain_src`);
    const file = writeCsv(dir, 'utf8.csv', ['region,origin_coord,destination_coord,datetime,datasource', ...ascii,
      'Zürich,POINT (8.54 47.37),POINT (8.55 47.38),2019-05-02 10:00:00,café_app',
      'Kraków,POINT (19.94 50.06),POINT (abc 50.07),2019-05-02 11:00:00,café_app'].join('\n'));
    const r = await ingest(db.url, file);
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 3001, rowsRejected: 1 });
    const names = await q<{ region: string; source: string }>(`SELECT r.name AS region, d.name AS source FROM store.trips t
      JOIN regions r ON r.id = t.region_id JOIN datasources d ON d.id = t.datasource_id WHERE d.name LIKE 'caf%'`);
    expect(names).toEqual([{ region: 'Zürich', source: 'café_app' }]);
    const [reject] = await q<{ raw: string }>('SELECT raw FROM rejected_rows WHERE job_id = $1', [r.jobId]);
    expect(reject.raw).toBe('Kraków,POINT (19.94 50.06),POINT (abc 50.07),2019-05-02 11:00:00,café_app');
  });

  it('ends a row at every line ending of a file that mixes CRLF and LF (issue 8): keeps all 61 valid rows', async () => {
    const rows = Array.from({ length: 62 }, (_, i) => i === 39
      ? 'Lyon,POINT (4.83 45.76),POINT (4.84 45.77),2019-06-03 25:00:00,mixed_src' // line 41: bad hour
      : `Lyon,POINT (4.83 45.76),POINT (4.84 45.77),2019-06-03 08:${String(i % 60).padStart(2, '0')}:00,mixed_src`);
    const content = 'region,origin_coord,destination_coord,datetime,datasource\r\n' + rows.map((r, i) => r + (i % 2 ? '\n' : '\r\n')).join('');
    const r = await ingest(db.url, writeCsv(dir, 'mixed-endings.csv', content));
    expect(r).toMatchObject({ status: 'succeeded', rowsTotal: 62, rowsIngested: 61, rowsRejected: 1 });
    expect(r.rejects).toEqual([{ line: 41, reason: 'datetime time of day is out of range' }]);
    const [{ n }] = await q<{ n: string }>(`SELECT count(*) AS n FROM store.trips t JOIN regions r ON r.id = t.region_id WHERE r.name = 'Lyon'`);
    expect(Number(n)).toBe(61);
  });

  it('rejects rows with NUL or latin-1 bytes past the first 8 KB with line and reason, keeps the rest, stores no U+FFFD (issue 8)', async () => {
    const line = (region: string, i: number) => Buffer.from(
      `${region},POINT (6.14 46.20),POINT (6.15 46.21),2019-07-01 ${String(i % 24).padStart(2, '0')}:00:00,bytes_src\n`, 'latin1');
    const parts: Buffer[] = [Buffer.from('region,origin_coord,destination_coord,datetime,datasource\n')];
    const bad = new Map<number, Buffer>([
      [120, Buffer.concat([Buffer.from('Gen\0eva'), line('', 0)])], // a NUL in the region
      [150, line('Zürich', 1)], // latin-1 encoded: 0xFC
      [151, Buffer.from('Geneva,POINT (6.14 46.20),POINT (6.15 46.21),"2019-07-01\0 10:00:00",bytes_src\n')],
      [180, Buffer.from('Z\xc3rich,POINT (6.14 46.20),POINT (6.15 46.21),2019-07-01 10:00:00,bytes_src\n', 'latin1')],
    ]);
    for (let i = 2, kept = 0; kept < 205; i++) {
      parts.push(bad.get(i) ?? line('Geneva', i));
      if (!bad.has(i)) kept++;
    }
    const body = Buffer.concat(parts);
    expect(body.indexOf(0)).toBeGreaterThan(8192);
    const file = path.join(dir, 'bad-bytes.csv');
    fs.writeFileSync(file, body);
    const r = await ingest(db.url, file);
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 205, rowsRejected: 4 });
    expect(r.rejects).toEqual([
      { line: 120, reason: 'NUL byte' },
      { line: 150, reason: 'invalid UTF-8 byte sequence (0xFC at byte 2 of the row)' },
      { line: 151, reason: 'NUL byte' },
      { line: 180, reason: 'invalid UTF-8 byte sequence (0xC3 at byte 2 of the row)' },
    ]);
    const stored = await q<{ raw: string }>('SELECT raw FROM rejected_rows WHERE job_id = $1 ORDER BY line', [r.jobId]);
    expect(stored.map((x) => x.raw.slice(0, 12))).toEqual(['Gen\\x00eva,P', 'Z\\xFCrich,PO', 'Geneva,POINT', 'Z\\xC3rich,PO']);
    const replaced = await q(`SELECT name FROM regions WHERE strpos(name, chr(65533)) > 0 UNION ALL
      SELECT name FROM datasources WHERE strpos(name, chr(65533)) > 0 UNION ALL
      SELECT raw FROM rejected_rows WHERE strpos(raw, chr(65533)) > 0`);
    expect(replaced).toEqual([]);
    const [{ n }] = await q<{ n: string }>(`SELECT count(*) AS n FROM store.trips t JOIN regions r ON r.id = t.region_id WHERE r.name = 'Geneva'`);
    expect(Number(n)).toBe(205);
  });

  it('treats region names case-insensitively', async () => {
    const file = writeCsv(dir, 'case.csv', 'region,origin_coord,destination_coord,datetime,datasource\n' +
      'bergen,POINT (5.32 60.38),POINT (5.33 60.39),2019-04-03 10:00:00,src2\n');
    await ingest(db.url, file);
    const regions = await q<{ name: string }>(`SELECT name FROM regions WHERE lower(name) = 'bergen'`);
    expect(regions).toEqual([{ name: 'Bergen' }]);
  });
});

describe('parsing in a worker thread', () => {
  it('gives the same rows, rejects and line numbers as parsing inline', async () => {
    const body = fs.readFileSync(generateCsv(dir, 'threaded.csv', 3000, { seed: 5, regions: 2 }), 'utf8').trimEnd().split('\n');
    body.splice(100, 0, 'Prague,POINT (x 1),POINT (1 1),2018-01-02 00:00:00,s'); // line 101
    const content = body.join('\n') + '\n';
    const threaded = await ingest(db.url, writeCsv(dir, 'threaded-a.csv', content), { thread: true });
    const inline = await ingest(db.url, writeCsv(dir, 'threaded-b.csv', content + 'Prague,POINT (1 1),POINT (1 1),2018-01-02 00:00:00,s\n'), { thread: false });
    expect(threaded).toMatchObject({ status: 'succeeded', rowsTotal: 3001, rowsIngested: 3000, rowsRejected: 1, rejects: [{ line: 101 }] });
    expect(inline).toMatchObject({ status: 'succeeded', rowsTotal: 3002, rowsIngested: 3001, rejects: [{ line: 101 }] });
  });
});

describe('concurrent ingestions', () => {
  it('two files loading at once into the same regions and weeks both count, once each', async () => {
    const before = Number((await q<{ n: string }>('SELECT count(*) AS n FROM store.trips'))[0].n);
    const [a, b] = await Promise.all([
      ingest(db.url, generateCsv(dir, 'para-a.csv', 20_000, { seed: 21, regions: 3 })),
      ingest(db.url, generateCsv(dir, 'para-b.csv', 15_000, { seed: 22, regions: 3 })),
    ]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    const [t] = await q<{ trips: string; weeks: string; cells: string }>(`SELECT (SELECT count(*) FROM store.trips) AS trips,
      (SELECT sum(trips) FROM store.region_weeks) AS weeks, (SELECT sum(trips) FROM store.cell_tiles WHERE side = 0) AS cells`);
    expect(Number(t.trips) - before).toBe(35_000);
    expect(Number(t.weeks)).toBe(Number(t.trips));
    expect(Number(t.cells)).toBe(Number(t.trips));
  });
});

describe('exactly once under a crash', () => {
  it('a process killed mid-ingestion leaves no partial rows; running again gives the totals of one clean run', async () => {
    const file = generateCsv(dir, 'kill.csv', 150_000, { seed: 99 });
    const before = await totals();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'ingest.ts'), '--json', file], {
      env: { ...process.env, DATABASE_URL: db.url, INGESTION_CHUNK_SIZE: '5000' }, stdio: 'ignore',
    });
    // Wait until the job row shows rows being processed, then kill -9.
    const deadline = Date.now() + 60_000;
    let progressed = false;
    while (Date.now() < deadline && !progressed) {
      const rows = await q<{ rows_total: number }>(`SELECT rows_total FROM ingestion_jobs WHERE file_name = 'kill.csv' AND status = 'running'`);
      progressed = rows.some((r) => r.rows_total > 10_000);
      if (!progressed) await new Promise((res) => setTimeout(res, 20));
    }
    expect(progressed).toBe(true);
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    await new Promise((res) => setTimeout(res, 300)); // let PostgreSQL notice the dropped connection
    expect(await totals()).toEqual(before);

    const again = await ingest(db.url, file);
    expect(again).toMatchObject({ status: 'succeeded', rowsIngested: 150_000 });
    const after = await totals();
    for (const key of ['trips', 'cells', 'groups', 'weeks'] as const) {
      const expected = key === 'cells' ? 300_000 : 150_000;
      expect(Number(after[key]) - Number(before[key])).toBe(expected);
    }
  });
});

describe('partitions a load creates', () => {
  /** The trips partitions of the weeks starting with `prefix` (YYYYMMDD, or a leading part of it). */
  const partitions = (prefix: string) => q<{ name: string; rows: string; pages: string; fsm: string; analysed: boolean }>(
    `SELECT c.relname AS name, (SELECT count(*) FROM store.trips t WHERE t.tableoid = c.oid) AS rows,
            pg_relation_size(c.oid) / 8192 AS pages, pg_relation_size(c.oid, 'fsm') AS fsm, s.last_analyze IS NOT NULL AS analysed
     FROM pg_partition_tree('store.trips') p JOIN pg_class c ON c.oid = p.relid JOIN pg_stat_user_tables s ON s.relid = c.oid
     WHERE p.isleaf AND c.relname LIKE 'trips\\_%\\_w' || $1 || '%' ORDER BY 1`, [prefix]);
  const stagingLeft = () => q("SELECT relname FROM pg_class WHERE relname ~ '^trips_.*_load[0-9]+$'");

  it('are attached with all their rows and written without a free space map', async () => {
    const r = await ingest(db.url, generateCsv(dir, 'new-weeks.csv', 6000, { seed: 31, regions: 2, start: '2020-06-01', days: 14 }));
    expect(r).toMatchObject({ status: 'succeeded', rowsIngested: 6000 });
    const parts = await partitions('202006');
    expect(parts.map((p) => p.name)).toEqual(['trips_r1_w20200601', 'trips_r1_w20200608', 'trips_r2_w20200601', 'trips_r2_w20200608']);
    expect(parts.reduce((n, p) => n + Number(p.rows), 0)).toBe(6000);
    expect(parts.every((p) => Number(p.pages) > 1)).toBe(true); // COPY through the parent would have made a map
    expect(parts.filter((p) => Number(p.fsm) > 0)).toEqual([]);
    expect(await stagingLeft()).toEqual([]);
  });

  it('two loads creating the same partitions at once both count, once each, and leave no staging table', async () => {
    const [a, b] = await Promise.all([
      ingest(db.url, generateCsv(dir, 'same-new-a.csv', 4000, { seed: 41, regions: 2, start: '2020-09-07', days: 14 })),
      ingest(db.url, generateCsv(dir, 'same-new-b.csv', 3000, { seed: 42, regions: 2, start: '2020-09-07', days: 14 })),
    ]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    const parts = await partitions('202009');
    expect(parts).toHaveLength(4);
    expect(parts.reduce((n, p) => n + Number(p.rows), 0)).toBe(7000);
    const [weeks] = await q<{ n: string }>("SELECT sum(trips) AS n FROM store.region_weeks WHERE week >= '2020-09-07' AND week < '2020-09-21'");
    expect(Number(weeks.n)).toBe(7000);
    expect(await stagingLeft()).toEqual([]);
  });

  it('analyses, once committed, the partitions big enough for a BRIN index, not the ones read whole', async () => {
    // 8 days from a Monday: the first week gets ~7/8 of the rows, the second ~1/8
    const organise = { ...DEFAULT_ORGANISE, indexRows: 1000 };
    const r = await ingest(db.url, generateCsv(dir, 'analyse.csv', 4000, { seed: 51, regions: 1, start: '2021-03-01', days: 8 }), { organise });
    expect(r.status).toBe('succeeded');
    const parts = await partitions('202103');
    expect(parts.map((p) => Number(p.rows) >= 1000)).toEqual([true, false]);
    expect(parts.map((p) => p.analysed)).toEqual([true, false]);
    // with a small statistics target (ANALYZE_TARGET): PostgreSQL's default would keep 101 bounds
    const [stats] = await q<{ bounds: number }>(
      `SELECT array_length(histogram_bounds::text::float8[], 1) AS bounds FROM pg_stats
       WHERE schemaname = 'store' AND tablename = $1 AND attname = 'origin_lon'`, [parts[0].name]);
    expect(Number(stats.bounds)).toBeGreaterThan(1);
    expect(Number(stats.bounds)).toBeLessThanOrEqual(11);
  });
});
