// Fresh databases for benchmark runs, on DATABASE_URL's server or an embedded one.
import pg from 'pg';
import { startThrowawayPostgres, type EmbeddedDatabase } from '../db/embedded';
import { migrate } from '../db/migrate';
import { withDatabase } from '../db/database-url';
import { createDatabase, databaseExists, dropDatabase } from '../db/scratch-database';

export interface BenchServer {
  serverUrl: string;
  create: (name: string, opts?: { reuse?: boolean }) => Promise<{ url: string; existed: boolean }>;
  drop: (name: string) => Promise<void>;
  stop: () => Promise<void>;
}

export async function benchServer(databaseUrl: string | undefined): Promise<BenchServer> {
  const embedded: EmbeddedDatabase | null = databaseUrl ? null : await startThrowawayPostgres('trip-atlas-bench-pg-');
  const serverUrl = databaseUrl ?? embedded!.url;
  return {
    serverUrl,
    create: async (name, opts = {}) => {
      const existed = await databaseExists(serverUrl, name);
      if (existed && !opts.reuse) await dropDatabase(serverUrl, name);
      if (!existed || !opts.reuse) await createDatabase(serverUrl, name);
      const url = withDatabase(serverUrl, name);
      await migrate(url);
      return { url, existed: existed && !!opts.reuse };
    },
    drop: (name) => dropDatabase(serverUrl, name),
    stop: async () => {
      await embedded?.stop();
    },
  };
}

/** Runs `fn` with a dedicated connection (outside any pool), closed afterwards. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
