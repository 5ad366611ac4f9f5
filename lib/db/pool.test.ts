// withTransaction, the one transaction helper: on a pool's own client, or on a client the caller keeps.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { getPool, withTransaction } from './pool';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
  pool = getPool(db.url);
  await pool.query('CREATE TABLE t (v int)');
});
beforeEach(() => pool.query('TRUNCATE t'));
afterAll(() => db?.drop());

const values = async () => (await pool.query<{ v: number }>('SELECT v FROM t ORDER BY v')).rows.map((r) => r.v);
const inTransaction = async (c: pg.ClientBase) => (await c.query<{ open: boolean }>('SELECT now() <> statement_timestamp() AS open')).rows[0].open;

describe('withTransaction on a pool', () => {
  it('commits what fn wrote and returns its result', async () => {
    const result = await withTransaction(pool, async (c) => {
      await c.query('INSERT INTO t VALUES (1), (2)');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await values()).toEqual([1, 2]);
  });

  it('rolls back everything fn wrote when it throws, rethrows, and gives the client back to the pool', async () => {
    await expect(withTransaction(pool, async (c) => {
      await c.query('INSERT INTO t VALUES (1)');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await values()).toEqual([]);
    expect(pool.totalCount).toBeGreaterThan(0);
    expect(pool.idleCount).toBe(pool.totalCount); // none still checked out
  });
});

describe('withTransaction on a client the caller keeps', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('runs on that very connection, commits, and leaves it open and outside any transaction', async () => {
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const inside = await withTransaction(client, async (c) => {
      expect(c).toBe(client);
      await c.query('INSERT INTO t VALUES (3)');
      await new Promise((r) => setTimeout(r, 5)); // so now() (transaction start) lags the statement
      return { pid: (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid, open: await inTransaction(c) };
    });
    expect(inside).toEqual({ pid, open: true });
    expect(await values()).toEqual([3]); // seen from another connection: committed
    expect(await inTransaction(client)).toBe(false);
  });

  it('rolls back on an error and the client stays usable for the next transaction', async () => {
    await expect(withTransaction(client, async (c) => {
      await c.query('INSERT INTO t VALUES (4)');
      await c.query('SELECT 1/0');
    })).rejects.toThrow(/division by zero/);
    await withTransaction(client, (c) => c.query('INSERT INTO t VALUES (5)'));
    expect(await values()).toEqual([5]);
  });
});
