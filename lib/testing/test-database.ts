// A fresh, migrated database per test file on the test server; dropped afterwards.
import crypto from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../db/database-url';
import { migrate } from '../db/migrate';
import { closePools } from '../db/pool';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** With `migrated: false` the database is left empty (tests of migrating a fresh database). */
export async function createTestDatabase(serverUrl: string, { migrated = true } = {}): Promise<TestDatabase> {
  const name = `trip_atlas_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  if (migrated) await migrate(url);
  return {
    url,
    drop: async () => {
      await closePools();
      const c = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
