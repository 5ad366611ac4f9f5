// The web process's pg-boss handle (enqueue only), started once per process and database.
import type PgBoss from 'pg-boss';
import { startQueue } from './queue';

const KEY = Symbol.for('trip-atlas.app-queue');

export function appQueue(databaseUrl: string): Promise<PgBoss> {
  const g = globalThis as unknown as Record<symbol, Map<string, Promise<PgBoss>> | undefined>;
  const cache = (g[KEY] ??= new Map());
  let boss = cache.get(databaseUrl);
  if (!boss) {
    boss = startQueue(databaseUrl, 'web');
    boss.catch(() => cache.delete(databaseUrl));
    cache.set(databaseUrl, boss);
  }
  return boss;
}
