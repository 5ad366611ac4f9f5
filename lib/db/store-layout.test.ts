// The process start (resolveDatabase) records STORE_LAYOUT in a new store and keeps the
// recorded layout afterwards, whatever later processes ask for.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { resolveDatabase } from './database-url';
import { migrate } from './migrate';
import { getPool } from './pool';
import { readStoreLayout, tripPartitionName, type StoreLayout } from './store-layout';

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

  it('a store that held trips before layouts existed is recorded as region-week by the migration', async () => {
    const db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
    dbs.push(db);
    const all = path.resolve(import.meta.dirname, '../../prisma/migrations');
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-migrations-'));
    for (const name of fs.readdirSync(all).filter((n) => n < '20261202100000_store_layout')) {
      fs.cpSync(path.join(all, name), path.join(before, name), { recursive: true });
    }
    await migrate(db.url, before);
    fs.rmSync(before, { recursive: true, force: true });
    await getPool(db.url).query("SELECT store.ensure_trip_partition(1::int2, '2018-01-01'::date)");
    expect((await migrate(db.url)).applied).toContain('20261202100000_store_layout');
    const { rows } = await getPool(db.url).query<{ value: string }>("SELECT value FROM store_settings WHERE key = 'store_layout'");
    expect(rows).toEqual([{ value: 'region-week' }]);
    expect((await resolveDatabase(db.url, 'week')).layout).toBe('region-week');
  });
});

describe('tripPartitionName', () => {
  it('names the partitions as store.trip_partition_name does, in either layout', async () => {
    for (const layout of ['week', 'region-week'] as StoreLayout[]) {
      const db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
      dbs.push(db);
      await resolveDatabase(db.url, layout);
      for (const [region, week] of [[1, '2018-01-01'], [32_767, '1999-12-27'], [7, '2026-11-30']] as const) {
        const { rows: [{ name }] } = await getPool(db.url).query<{ name: string }>('SELECT store.trip_partition_name($1, $2) AS name', [region, week]);
        expect(tripPartitionName(layout, region, week)).toBe(name);
      }
    }
  });
});
