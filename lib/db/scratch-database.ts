// Scratch databases on a server (tests, benchmarks, the e2e server): one way to name, create,
// check and drop them, through the server's maintenance database `postgres`.
import crypto from 'node:crypto';
import pg from 'pg';
import { withDatabase } from './database-url';

/** A fresh, unused database name: `<prefix>_<pid>_<random hex>`. */
export const scratchName = (prefix: string): string => `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;

/** Runs `fn` on a dedicated connection to the server's `postgres` database, closed afterwards. */
async function onServer<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// Names are identifiers (no parameters in CREATE/DROP DATABASE): quoted, with quotes doubled.
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return onServer(serverUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/**
 * Creates database `name` and returns its URL; `cLocale`: with the C locale whatever the server's
 * default (what initdb gives on a machine without LANG), for tests of locale-dependent SQL.
 */
export async function createDatabase(serverUrl: string, name: string, { cLocale = false }: { cLocale?: boolean } = {}): Promise<string> {
  const locale = cLocale ? ` TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'` : '';
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${ident(name)}${locale}`));
  return withDatabase(serverUrl, name);
}

/** Drops database `name` if it exists, closing its sessions. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}
