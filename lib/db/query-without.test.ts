// queryWithout: the plan shapes are off for its statement only, a failing statement leaves no
// open transaction behind, and every client goes back to the pool (its COMMIT is not awaited).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { queryWithout } from './query-without';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
  pool = new pg.Pool({ connectionString: db.url, max: 1 }); // one client: each call sees the last one's session
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const settings = "SELECT current_setting('enable_sort') AS sort, current_setting('enable_seqscan') AS seqscan, current_setting('max_parallel_workers_per_gather') AS parallel";

describe('queryWithout', () => {
  it('switches the given plan shapes off for its statement, and only for it', async () => {
    const { rows: [during] } = await queryWithout(pool, ['sort', 'seqscan', 'parallel'], settings, []);
    expect(during).toEqual({ sort: 'off', seqscan: 'off', parallel: '0' });
    const { rows: [after] } = await pool.query(settings);
    expect(after.sort).toBe('on');
    expect(after.seqscan).toBe('on');
    expect(after.parallel).not.toBe('0');
  });

  it('rethrows a failing statement, rolls its transaction back and gives the client back to the pool', async () => {
    await expect(queryWithout(pool, ['sort'], 'SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
    expect(pool.idleCount).toBe(pool.totalCount);
    const { rows: [r] } = await pool.query("SELECT now() = statement_timestamp() AS fresh, current_setting('enable_sort') AS sort");
    expect(r).toEqual({ fresh: true, sort: 'on' }); // no transaction left open, the setting gone
  });

  it('answers many calls in a row on one client (each waits for the last COMMIT to give the client back)', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => queryWithout<{ v: number }>(pool, ['sort'], 'SELECT $1::int AS v', [i])));
    expect(answers.map((a) => a.rows[0].v)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await vi.waitFor(() => expect(pool.idleCount).toBe(pool.totalCount)); // the last COMMIT done
  });
});
