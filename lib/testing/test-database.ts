// A fresh, migrated database per test file on the test server; dropped afterwards.
import { migrate } from '../db/migrate';
import { closePools } from '../db/pool';
import { createDatabase, dropDatabase, scratchName } from '../db/scratch-database';
import { applyStoreLayout, STORE_LAYOUTS, type StoreLayout } from '../db/store-layout';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** The layout of migrated test databases: TEST_STORE_LAYOUT (the 'week-layout' vitest project), else the default. */
export function testStoreLayout(): StoreLayout {
  const wanted = process.env.TEST_STORE_LAYOUT ?? 'region-week';
  if (!(STORE_LAYOUTS as readonly string[]).includes(wanted)) throw new Error(`TEST_STORE_LAYOUT: unknown layout ${wanted}`);
  return wanted as StoreLayout;
}

/**
 * With `migrated: false` the database is left empty (tests of migrating a fresh database).
 * Migrated ones get `layout` (default: testStoreLayout()). `cLocale`: see createDatabase.
 */
export async function createTestDatabase(
  serverUrl: string,
  { migrated = true, layout = testStoreLayout(), cLocale = false }: { migrated?: boolean; layout?: StoreLayout; cLocale?: boolean } = {},
): Promise<TestDatabase> {
  const name = scratchName('trip_atlas_test');
  const url = await createDatabase(serverUrl, name, { cLocale });
  if (migrated) {
    await migrate(url);
    await applyStoreLayout(url, layout);
  }
  return {
    url,
    drop: async () => {
      await closePools();
      await dropDatabase(serverUrl, name);
    },
  };
}
