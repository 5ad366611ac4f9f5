// One pg pool per process and database URL. Raw SQL for the trip store goes through here.
import pg from 'pg';
import { log } from '../log';

// int8 counts fit in a JS number for any realistic store (< 2^53 trips); dates stay strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// Wall-clock timestamps stay exactly as stored ("2018-05-28 09:03:40"), never shifted by a zone.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => v);

const pools = new Map<string, pg.Pool>();
/** How long an idle connection is kept (see getPool). */
const IDLE_CONNECTION_MS = 10 * 60_000;

export function getPool(url: string, max = 10): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    // JIT compilation measured 1-4 s on queries that span many partitions, for no gain on
    // these short queries: off for the app's sessions.
    // Idle connections are kept for minutes, not pg's 10 s: a new connection's first read of a
    // region fills its catalog caches for every partition the read meets (a polygon's half-year
    // read: ~43 ms on a new connection against ~21 ms on a used one, 10M rows), so with 10 s a
    // user pausing between two questions paid that on every answer. allowExitOnIdle: idle
    // clients do not keep a script's process alive.
    pool = new pg.Pool({
      connectionString: url, max, application_name: 'trip-atlas', options: '-c jit=off',
      idleTimeoutMillis: IDLE_CONNECTION_MS, allowExitOnIdle: true,
    });
    pool.on('error', (err) => log.error({ err }, 'idle database client error'));
    pools.set(url, pool);
  }
  return pool;
}

/**
 * Pools beside a pool, by their sessions' settings (see poolWithSettings); keyed by the pool's
 * options, which a wrapper of it (a test's Proxy) shares, so ending the pool ends them too.
 */
const beside = new WeakMap<pg.PoolOptions, Map<string, pg.Pool>>();

/**
 * A pool to the same database as `parent` whose sessions start with these settings
 * ('name=value', passed as the connection's options), made once per parent and settings. Its
 * clients are kept as long as the parent's, and it holds at most half as many (the database's
 * cores, not its connections, bound what runs at once). closePools ends it with its parent.
 */
export function poolWithSettings(parent: pg.Pool, settings: string[]): pg.Pool {
  if (!settings.length) return parent;
  let byKey = beside.get(parent.options);
  if (!byKey) beside.set(parent.options, (byKey = new Map()));
  const key = settings.join(' ');
  let pool = byKey.get(key);
  if (!pool) {
    const base = parent.options;
    pool = new pg.Pool({
      ...base,
      options: [base.options, ...settings.map((s) => `-c ${s}`)].filter(Boolean).join(' '),
      max: Math.max(2, Math.ceil((base.max ?? 10) / 2)), allowExitOnIdle: true,
    });
    pool.on('error', (err) => log.error({ err }, 'idle database client error'));
    byKey.set(key, pool);
  }
  return pool;
}

/**
 * Ends a pool and those beside it. A pool made outside getPool (a test's) must end so: a pool
 * beside it left open sees its idle sessions killed when the database is dropped.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  const others = [...(beside.get(pool.options)?.values() ?? [])];
  beside.delete(pool.options);
  await Promise.all([pool, ...others].map((p) => p.end()));
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map(endPool));
}

/**
 * Runs `fn` in a transaction; rolls back on any error. Given a pool, on a client of its own,
 * released afterwards. Given a client, on that client, which stays the caller's: for work that
 * needs one connection across transactions (a session advisory lock, a loop of short ones).
 */
export function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
export function withTransaction<T, C extends pg.ClientBase>(client: C, fn: (client: C) => Promise<T>): Promise<T>;
export async function withTransaction<T, C extends pg.ClientBase>(db: pg.Pool | C, fn: (client: C) => Promise<T>): Promise<T> {
  if (!(db instanceof pg.Pool)) return inTransaction(db, fn);
  const client = await db.connect();
  try {
    return await inTransaction(client as pg.ClientBase as C, fn); // C is pg.PoolClient here (first overload)
  } finally {
    client.release();
  }
}

async function inTransaction<T, C extends pg.ClientBase>(client: C, fn: (client: C) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
