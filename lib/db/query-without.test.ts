// queryWithout: the plan shapes are off for its statement only (its pool's sessions start so,
// the caller's pool is untouched), a failing statement gives its client back, and the pools
// beside a pool end with it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { closePools, endPool, getPool, poolWithSettings } from './pool';
import { queryWithout } from './query-without';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
  pool = new pg.Pool({ connectionString: db.url, max: 1 }); // one client: each call sees the last one's session
});
afterAll(async () => {
  if (pool) await endPool(pool);
  await db?.drop();
});

const settings = "SELECT current_setting('enable_sort') AS sort, current_setting('enable_seqscan') AS seqscan, current_setting('max_parallel_workers_per_gather') AS parallel";

describe('queryWithout', () => {
  it('switches the given plan shapes off for its statement, and only for it', async () => {
    const { rows: [during] } = await queryWithout(pool, ['sort', 'seqscan', 'parallel'], settings, []);
    expect(during).toEqual({ sort: 'off', seqscan: 'off', parallel: '0' });
    const { rows: [some] } = await queryWithout(pool, ['sort'], settings, []);
    expect(some.sort).toBe('off');
    expect(some.seqscan).toBe('on');
    const { rows: [after] } = await pool.query(settings);
    expect(after.sort).toBe('on');
    expect(after.seqscan).toBe('on');
    expect(after.parallel).not.toBe('0');
  });

  it('rethrows a failing statement and gives its client back', async () => {
    const beside = poolWithSettings(pool, ['enable_sort=off']);
    for (let i = 0; i < 4; i++) await expect(queryWithout(pool, ['sort'], 'SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
    expect(beside.idleCount).toBe(beside.totalCount);
    expect((await queryWithout<{ v: number }>(pool, ['sort'], 'SELECT 2 AS v', [])).rows[0].v).toBe(2);
  });

  it('answers many calls at once, more than its pool has clients', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => queryWithout<{ v: number }>(pool, ['sort'], 'SELECT $1::int AS v', [i])));
    expect(answers.map((a) => a.rows[0].v)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('ends the pools beside a pool with it (closePools)', async () => {
    const app = getPool(db.url);
    await queryWithout(app, ['seqscan'], 'SELECT 1', []);
    const beside = poolWithSettings(app, ['enable_seqscan=off']);
    expect(beside.totalCount).toBe(1);
    await closePools();
    expect(beside.ended).toBe(true);
    expect(app.ended).toBe(true);
  });
});
