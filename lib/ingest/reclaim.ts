// Gives back the space compaction leaves dead in the aggregate tables. Compaction replaces many
// partial rows by one merged row; VACUUM makes their space reusable but the files keep their
// size (100 one-file loads of the same 1M rows left a database 3.2x the size of one load's).
// A table whose file is mostly dead is copied, in its read order, into a fresh table, which
// then takes its place - online:
//   1. a brief SHARE lock waits out writers in flight and reads the aggregate_writes sequence
//      (every statement writing these tables draws from it, see its migration);
//   2. the copy and its indexes are built with no lock beyond a reader's;
//   3. under an ACCESS EXCLUSIVE lock held for a rename (readers wait at most LOCK_TIMEOUT),
//      the copy replaces the table only if the sequence has not moved: no statement wrote to
//      the table since step 1, so the copy holds exactly its rows. Otherwise the copy is
//      dropped and the next run tries again. A kill at any point leaves the table as it was
//      (a leftover copy is dropped by the next run).
// The copy's rows are as new as the copy: a transaction whose snapshot spans statements
// (REPEATABLE READ) must lock these tables before its snapshot, or it could find a swapped-in
// table it cannot see into (similar-rollup.ts does; every other reader is one statement).
import type pg from 'pg';
import { withTransaction } from '../db/pool';

/** Each table and the order its readers go through it (the copy is written in that order). */
const TABLES: Record<string, string> = {
  cell_tiles: 'side, region_id, tx, ty, week',
  trip_groups: 'region_id, week, bucket',
  cell_spans: 'side, region_id, weeks, span, tx, ty',
  region_weeks: 'region_id, week',
  region_datasources: 'region_id, week, datasource_id',
  ingestion_weeks: 'ingestion_id, region_id, week',
};
const SUFFIX = '_rewrite';
const LOCK_TIMEOUT = '2s';

export interface Reclaimed {
  table: string;
  bytesBefore: number;
  bytesAfter: number;
}

export interface ReclaimOptions {
  /** rewrite when the table (with its indexes) exceeds twice its live rows by this much (default 4 MB) */
  minExcessBytes?: number;
  onProgress?: (done: number, total: number) => void;
  /** only these tables (default: every aggregate table) */
  only?: string[];
  /** tests: runs between the copy and the swap */
  afterCopy?: (table: string) => Promise<void>;
}

export interface ReclaimResult {
  rewritten: Reclaimed[];
  /** tables due for a rewrite that were written to meanwhile, or whose lock did not come in time */
  deferred: string[];
}

export async function reclaimDeadSpace(pool: pg.Pool, opts: ReclaimOptions = {}): Promise<ReclaimResult> {
  const result: ReclaimResult = { rewritten: [], deferred: [] };
  // Distributed (Citus) tables live on the workers: not for this.
  const { rows: [{ citus }] } = await pool.query<{ citus: boolean }>(`SELECT to_regclass('pg_dist_partition') IS NOT NULL AS citus`);
  if (citus) return result;
  // One rewriter at a time (the worker's maintenance and `npm run maintain` may overlap): the
  // other run leaves reclaiming to it. A session lock, on a connection held for the duration.
  const holder = await pool.connect();
  try {
    const { rows: [{ got }] } = await holder.query<{ got: boolean }>(`SELECT pg_try_advisory_lock(hashtext('store reclaim')) AS got`);
    if (!got) return result;
    try {
      return await reclaimTables(pool, opts, result);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(hashtext('store reclaim'))`);
    }
  } finally {
    holder.release();
  }
}

async function reclaimTables(pool: pg.Pool, opts: ReclaimOptions, result: ReclaimResult): Promise<ReclaimResult> {
  const tables = Object.keys(TABLES).filter((t) => !opts.only || opts.only.includes(t));
  for (const [i, table] of tables.entries()) {
    opts.onProgress?.(i, tables.length);
    await pool.query(`DROP TABLE IF EXISTS store.${table}${SUFFIX}`); // left by a killed run
    const size = await sizes(pool, table);
    if (size.total <= 2 * size.live + (opts.minExcessBytes ?? 4 * 2 ** 20)) continue;
    const after = await rewrite(pool, table, opts);
    if (after === null) result.deferred.push(table);
    else result.rewritten.push({ table, bytesBefore: size.total, bytesAfter: after });
  }
  opts.onProgress?.(tables.length, tables.length);
  return result;
}

/**
 * The table's size with its indexes and TOAST, and the bytes of its live rows: each value as
 * stored (pg_column_size of a column does not detoast it) plus a tuple header.
 */
async function sizes(pool: pg.Pool, table: string): Promise<{ total: number; live: number }> {
  const { rows: columns } = await pool.query<{ name: string }>(
    `SELECT quote_ident(attname) AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`store.${table}`]);
  const row = columns.map((c) => `coalesce(pg_column_size(${c.name}), 0)`).join(' + ');
  const { rows: [size] } = await pool.query<{ total: number; live: number }>(
    `SELECT pg_total_relation_size('store.${table}')::int8 AS total, coalesce(sum(${TUPLE_HEADER} + ${row}), 0)::int8 AS live FROM store.${table}`);
  return size;
}
const TUPLE_HEADER = 28; // heap tuple header and line pointer

const LOCK_NOT_AVAILABLE = '55P03';
const isLockTimeout = (err: unknown) => (err as { code?: string }).code === LOCK_NOT_AVAILABLE;

const writesMark = async (client: pg.ClientBase): Promise<string> =>
  (await client.query<{ mark: string }>(`SELECT last_value || '/' || is_called AS mark FROM store.aggregate_writes`)).rows[0].mark;

/** Rewrites one table; its new size in bytes, or null when deferred. */
async function rewrite(pool: pg.Pool, table: string, opts: ReclaimOptions): Promise<number | null> {
  let mark: string;
  try {
    mark = await withTransaction(pool, async (client) => {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(`LOCK TABLE store.${table} IN SHARE MODE`);
      return writesMark(client);
    });
  } catch (err) {
    if (isLockTimeout(err)) return null;
    throw err;
  }
  const copy = `${table}${SUFFIX}`;
  const { rows: indexes } = await pool.query<{ name: string; def: string; constraint: string | null }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, c.conname AS "constraint"
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype = 'p'
     WHERE x.indrelid = 'store.${table}'::regclass ORDER BY 1`);
  await pool.query(`CREATE TABLE store.${copy} (LIKE store.${table} INCLUDING ALL EXCLUDING INDEXES)`);
  try {
    await pool.query(`INSERT INTO store.${copy} SELECT * FROM store.${table} ORDER BY ${TABLES[table]}`);
    for (const ix of indexes) {
      // The definition as PostgreSQL prints it, on the copy and under a name of its own.
      await pool.query(ix.def.replace(` INDEX ${ix.name} ON store.${table} `, ` INDEX ${ix.name}${SUFFIX} ON store.${copy} `));
    }
    await opts.afterCopy?.(table);
    const swapped = await withTransaction(pool, async (client) => {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(`LOCK TABLE store.${table} IN ACCESS EXCLUSIVE MODE`);
      if (await writesMark(client) !== mark) return false;
      await client.query(`DROP TABLE store.${table}`);
      await client.query(`ALTER TABLE store.${copy} RENAME TO ${table}`);
      for (const ix of indexes) {
        await client.query(ix.constraint
          ? `ALTER TABLE store.${table} ADD CONSTRAINT ${ix.constraint} PRIMARY KEY USING INDEX ${ix.name}${SUFFIX}`
          : `ALTER INDEX store.${ix.name}${SUFFIX} RENAME TO ${ix.name}`);
      }
      await client.query(`SELECT store.count_aggregate_writes('store.${table}')`);
      return true;
    }).catch((err) => {
      if (isLockTimeout(err)) return false;
      throw err;
    });
    if (!swapped) {
      await pool.query(`DROP TABLE IF EXISTS store.${copy}`);
      return null;
    }
  } catch (err) {
    await pool.query(`DROP TABLE IF EXISTS store.${copy}`).catch(() => {});
    throw err;
  }
  const { rows: [{ bytes }] } = await pool.query<{ bytes: number }>(`SELECT pg_total_relation_size('store.${table}')::int8 AS bytes`);
  return bytes;
}
