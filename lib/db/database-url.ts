// Resolves which PostgreSQL this process talks to: DATABASE_URL when set, else the embedded one.
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { log } from '../log';
import { migrate } from './migrate';
import { applyStoreLayout, type StoreLayout } from './store-layout';

const DEFAULT_EMBEDDED_DIR = path.resolve(import.meta.dirname, '../../.data/postgres');

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
  /** the store's layout: `layout` at the first start, whatever was recorded then afterwards */
  layout: StoreLayout;
}

/** The same server's URL for another database name. */
export function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = '/' + name;
  return u.toString();
}

/** Returns a migrated database: DATABASE_URL if given, else an embedded server it starts. */
export async function resolveDatabase(
  databaseUrl: string | undefined, layout: StoreLayout = 'region-week', embeddedDir = DEFAULT_EMBEDDED_DIR,
): Promise<ResolvedDatabase> {
  const embedded = databaseUrl ? null : await startEmbeddedPostgres(embeddedDir);
  const url = databaseUrl ?? embedded!.url;
  await migrate(url);
  const stored = await applyStoreLayout(url, layout);
  if (stored !== layout) log.warn({ wanted: layout, stored }, 'STORE_LAYOUT ignored: the store keeps the layout it was built with');
  return { url, embedded, layout: stored };
}
