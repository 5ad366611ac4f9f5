// The process start (resolveDatabase) records STORE_LAYOUT in a new store and keeps the
// recorded layout afterwards, whatever later processes ask for.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { resolveDatabase } from './database-url';
import { getPool } from './pool';
import { readStoreLayout } from './store-layout';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

describe('STORE_LAYOUT at start', () => {
  it('the first start records the layout asked for; later starts keep it', async () => {
    const db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
    dbs.push(db);
    expect((await resolveDatabase(db.url, 'week')).layout).toBe('week');
    expect(await readStoreLayout(getPool(db.url))).toBe('week');
    expect((await resolveDatabase(db.url, 'region-week')).layout).toBe('week');
    const { rows } = await getPool(db.url).query<{ strategy: string }>(
      "SELECT partstrat AS strategy FROM pg_partitioned_table WHERE partrelid = 'store.trips'::regclass");
    expect(rows[0].strategy).toBe('r');
  });

  it('without a setting the store gets the region-week layout', async () => {
    const db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
    dbs.push(db);
    expect((await resolveDatabase(db.url)).layout).toBe('region-week');
    const { rows } = await getPool(db.url).query<{ strategy: string }>(
      "SELECT partstrat AS strategy FROM pg_partitioned_table WHERE partrelid = 'store.trips'::regclass");
    expect(rows[0].strategy).toBe('l');
  });
});
