// App and database status for GET /api/health.
import { appPool } from './db/app-db';

export interface Health {
  app: 'ok';
  database: 'ok' | 'unavailable';
  databaseVersion?: string;
  trips?: number;
  error?: string;
}

export async function checkHealth(): Promise<Health> {
  try {
    const { rows } = await appPool().query<{ v: string; trips: number }>(
      `SELECT current_setting('server_version') AS v, coalesce((SELECT sum(trips) FROM store.region_weeks), 0)::int8 AS trips`,
    );
    return { app: 'ok', database: 'ok', databaseVersion: rows[0].v, trips: rows[0].trips };
  } catch (err) {
    return { app: 'ok', database: 'unavailable', error: (err as Error).message };
  }
}
