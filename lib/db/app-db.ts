// The database of the running app. server.ts resolves it (DATABASE_URL or embedded) before Next
// starts and exports DATABASE_URL, so route handlers in the same process find it here.
import type pg from 'pg';
import { getPool } from './pool';

export function appDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the app through server.ts (npm start)');
  return url;
}

export const appPool = (): pg.Pool => getPool(appDatabaseUrl());
