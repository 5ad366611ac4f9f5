// migrate: each migration in its own transaction, recorded in _prisma_migrations only when it applied whole.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { migrate } from './migrate';
import { getPool } from './pool';

let db: TestDatabase;
const dir = tempDir('trip-atlas-migrations-');
const write = (name: string, sql: string) => {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
};

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tables = async () => (await getPool(db.url).query<{ t: string }>(
  `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'm\\_%' ORDER BY 1`)).rows.map((r) => r.t);
const recorded = async () => (await getPool(db.url).query<{ n: string }>(
  'SELECT migration_name AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1')).rows.map((r) => r.n);

describe('applying migrations', () => {
  it('applies them in order, leaves a failing one wholly undone and unrecorded, and applies it once fixed', async () => {
    write('1_first', 'CREATE TABLE m_first (v int);');
    write('2_second', 'CREATE TABLE m_second (v int);\nSELECT 1/0;');
    await expect(migrate(db.url, dir)).rejects.toThrow('migration 2_second failed: division by zero');
    expect(await tables()).toEqual(['m_first']); // m_second, created before the error, rolled back
    expect(await recorded()).toEqual(['1_first']);

    write('2_second', 'CREATE TABLE m_second (v int);');
    expect(await migrate(db.url, dir)).toEqual({ applied: ['2_second'] });
    expect(await tables()).toEqual(['m_first', 'm_second']);
    expect(await recorded()).toEqual(['1_first', '2_second']);
    expect(await migrate(db.url, dir)).toEqual({ applied: [] });
  });
});
