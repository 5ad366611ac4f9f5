// A fresh, migrated database per test file on the test server; dropped afterwards.
import { migrate } from '../db/migrate';
import { closePools } from '../db/pool';
import { createDatabase, dropDatabase, scratchName } from '../db/scratch-database';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** With `migrated: false` the database is left empty (tests of migrating a fresh database). */
export async function createTestDatabase(serverUrl: string, { migrated = true } = {}): Promise<TestDatabase> {
  const name = scratchName('trip_atlas_test');
  const url = await createDatabase(serverUrl, name);
  if (migrated) await migrate(url);
  return {
    url,
    drop: async () => {
      await closePools();
      await dropDatabase(serverUrl, name);
    },
  };
}
