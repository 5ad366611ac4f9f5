// Progress of one ingestion, as the admin sees it. Protects:
// - bytes and rows shown are those actually written: while the COPY is held up nothing shows as
//   done (seen: bytesDone at the whole file while rows were at 600k of 1M), and bytesDone reaches
//   bytesTotal only with the last rows;
// - the final seconds run to the true end, clustering included (seen: 9.1 s shown, 13.5 s in the
//   worker log), with the queryable seconds reported separately, and rows/s = rows / seconds.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { getJob } from '../jobs/job-store';
import { progressFromRow } from '../jobs/job-progress';
import { generateCsv, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { waitFor } from '../testing/worker-process';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { IngestProgress } from './ingest-file';

const ROWS = 30_000;
const PARTITION = 'store.trips_r1_w20180115';

let db: TestDatabase;
const dir = tempDir();
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

describe('ingestion progress', () => {
  it('shows only written rows and bytes, and final seconds that include clustering', async () => {
    const pool = getPool(db.url);
    // one trip makes region 1 (Prague) and the week's partition exist, so the test can lock it
    expect((await ingest(db.url, writeCsv(dir, 'one.csv',
      'region,origin_coord,destination_coord,datetime,datasource\nPrague,POINT (14.4 50.1),POINT (14.5 50.0),2018-01-16 10:00:00,x\n'))).status)
      .toBe('succeeded');
    const file = generateCsv(dir, 'week.csv', ROWS, { seed: 9, regions: 1, days: 7, start: '2018-01-15' });

    const blocker = await pool.connect();
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${PARTITION} IN SHARE MODE`); // the load's COPY waits
    const events: IngestProgress[] = [];
    const running = ingest(db.url, file, { chunkSize: 5_000, organise: { maxRuns: 0, minRows: 0, indexRows: 0 }, thread: false, onProgress: (p) => events.push(p) });
    await waitFor('the COPY to wait for the partition', async () => (await pool.query(
      `SELECT 1 FROM pg_locks WHERE relation = $1::regclass AND mode = 'RowExclusiveLock' AND NOT granted`, [PARTITION])).rowCount, 30_000, 20);
    const whileHeld = [...events];
    await blocker.query('COMMIT');
    blocker.release();
    const result = await running;
    expect(result).toMatchObject({ status: 'succeeded', rowsTotal: ROWS, rowsIngested: ROWS });

    // nothing was written while the COPY waited, so nothing showed as done
    expect(whileHeld.filter((e) => e.rowsDone > 0 || e.bytesDone > 0)).toEqual([]);

    const parsing = events.filter((e) => e.status === 'running' && e.stage === 'parsing');
    expect(parsing.some((e) => e.rowsDone > 0 && e.rowsDone < ROWS)).toBe(true);
    for (const e of parsing) {
      if (e.bytesDone >= e.bytesTotal) expect(e.rowsDone).toBe(ROWS); // the whole file only with the last rows
    }
    for (let i = 1; i < events.length; i++) {
      expect(events[i].bytesDone).toBeGreaterThanOrEqual(events[i - 1].bytesDone);
      expect(events[i].rowsDone).toBeGreaterThanOrEqual(events[i - 1].rowsDone);
    }
    for (const e of events) expect(e.rowsPerSecond).toBe(e.seconds > 0 ? Math.round(e.rowsDone / e.seconds) : 0);

    const clustering = events.filter((e) => e.stage === 'clustering');
    expect(clustering.length).toBeGreaterThan(0);
    const lastClustering = Math.max(...clustering.map((e) => e.seconds));
    const final = events[events.length - 1];
    expect(final.status).toBe('succeeded');
    expect(final.seconds).toBeGreaterThanOrEqual(lastClustering);
    expect(final.queryableSeconds).toEqual(expect.any(Number));
    expect(final.seconds).toBeGreaterThanOrEqual(final.queryableSeconds!);

    // the job row, which the final Socket.IO event is made from
    const row = (await getJob(pool, result.jobId))!;
    expect(row.seconds!).toBeGreaterThanOrEqual(lastClustering);
    expect(row.queryableSeconds!).toBeGreaterThan(0);
    expect(row.queryableSeconds!).toBeLessThanOrEqual(row.seconds!);
    const shown = progressFromRow(row);
    expect(shown).toMatchObject({ status: 'succeeded', seconds: row.seconds, queryableSeconds: row.queryableSeconds, rowsDone: ROWS });
    expect(shown.rowsPerSecond).toBe(Math.round(ROWS / row.seconds!));
  });
});
