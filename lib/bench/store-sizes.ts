// On-disk size of the trip store, per top-level table of schema `store`, discovered at run time
// (aggregate tables come and go as the store evolves): heap + TOAST and indexes, each summed over
// all partitions of the table.
import { withClient } from './bench-database';

export interface RelationSize {
  table: string;
  tableBytes: number;
  indexBytes: number;
  rows: number;
}

export interface StoreSize {
  databaseBytes: number;
  storeBytes: number;
  relations: RelationSize[];
}

export async function storeSize(url: string): Promise<StoreSize> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ name: string; table_bytes: string; index_bytes: string; est_rows: string }>(`
      WITH roots AS (
        SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'store' AND c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition),
      members AS (
        SELECT r.relname, t.relid FROM roots r CROSS JOIN LATERAL pg_partition_tree(r.oid) t WHERE r.relkind = 'p' AND t.isleaf
        UNION ALL SELECT relname, oid FROM roots WHERE relkind <> 'p')
      SELECT m.relname AS name, sum(pg_table_size(m.relid))::int8 AS table_bytes, sum(pg_indexes_size(m.relid))::int8 AS index_bytes,
             sum(greatest(k.reltuples, 0))::int8 AS est_rows
      FROM members m JOIN pg_class k ON k.oid = m.relid GROUP BY 1`);
    const databaseBytes = Number((await c.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b);
    const relations = rows.map((r) => ({ table: r.name, tableBytes: Number(r.table_bytes), indexBytes: Number(r.index_bytes), rows: Number(r.est_rows) }))
      .sort((a, b) => b.tableBytes + b.indexBytes - a.tableBytes - a.indexBytes);
    return { databaseBytes, storeBytes: relations.reduce((s, r) => s + r.tableBytes + r.indexBytes, 0), relations };
  });
}
