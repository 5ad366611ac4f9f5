// The database of the running app. server.ts resolves it (DATABASE_URL or embedded) before Next
// starts and exports DATABASE_URL, so route handlers in the same process find it here.
// DATABASE_READ_URL (optional) is a streaming replica for the read API; everything that writes
// or must see its own writes (loads, maintenance, auth, jobs) stays on the primary.
import type pg from 'pg';
import { getPool } from './pool';

export function appDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the app through server.ts (npm start)');
  return url;
}

export const appPool = (): pg.Pool => getPool(appDatabaseUrl());

/** The replica's URL when one is configured. */
export const readReplicaUrl = (): string | undefined => process.env.DATABASE_READ_URL || undefined;

/** The pool the read API queries: the replica when DATABASE_READ_URL is set, else the primary. */
export const readPool = (): pg.Pool => getPool(readReplicaUrl() ?? appDatabaseUrl());
