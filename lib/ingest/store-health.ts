// The store's health for admins (/admin, GET /api/admin/store-health): rows and size per trips
// partition, aggregate tables against their distinct keys (what compaction would merge), the
// last maintenance and what is due, unfinished jobs, and the top queries of pg_stat_statements.
import type pg from 'pg';
import { lastMaintenance } from './maintain';
import { WEEK_PARTITIONS, retentionCutoff, todayUtc, weeksBefore } from './retention';

export interface StoreHealth {
  partitions: { region: string; week: string; trips: number; bytes: number }[];
  aggregates: { table: string; rows: number; keys: number; bytes: number }[];
  lastMaintenance: { finishedAt: string; summary: unknown } | null;
  due: { pendingOrganising: number; uncompactedRows: number; retentionWeeks: number | null; weeksPastRetention: string[] };
  unfinishedJobs: { status: string; jobs: number }[];
  topQueries: { query: string; calls: number; totalMs: number; meanMs: number }[] | null;
  /** how to enable pg_stat_statements, when its queries are not available */
  statementsHint: string | null;
}

const PARTITIONS = `
  SELECT CASE WHEN p.region_id IS NULL THEN 'all regions' ELSE coalesce(r.name, '#' || p.region_id) END AS region,
         p.week, coalesce(w.trips, 0)::int8 AS trips,
         pg_total_relation_size(format('store.%I', p.name)::regclass)::int8 AS bytes
  FROM (${WEEK_PARTITIONS}) p
  LEFT JOIN regions r ON r.id = p.region_id
  -- per region and week, and (region null) per week: a 'week' layout partition holds every region
  LEFT JOIN (SELECT region_id, week, trips FROM store.region_weeks
             UNION ALL SELECT NULL, week, sum(trips) FROM store.region_weeks GROUP BY week) w
    ON w.week = p.week::date AND w.region_id IS NOT DISTINCT FROM p.region_id
  ORDER BY region, p.week`;

// rows vs distinct keys: rows - keys is what compaction would merge away
const AGGREGATES = `
  SELECT 'store.cell_tiles' AS table, count(*)::int8 AS rows, count(DISTINCT (side, region_id, week, tx, ty))::int8 AS keys,
         pg_total_relation_size('store.cell_tiles')::int8 AS bytes FROM store.cell_tiles
  UNION ALL SELECT 'store.trip_groups', count(*), count(DISTINCT (region_id, week, bucket)), pg_total_relation_size('store.trip_groups') FROM store.trip_groups
  UNION ALL SELECT 'store.region_weeks', count(*), count(*), pg_total_relation_size('store.region_weeks') FROM store.region_weeks
  UNION ALL SELECT 'store.region_datasources', count(*), count(*), pg_total_relation_size('store.region_datasources') FROM store.region_datasources
  UNION ALL SELECT 'store.ingestion_weeks', count(*), count(*), pg_total_relation_size('store.ingestion_weeks') FROM store.ingestion_weeks`;

const TOP_QUERIES = `
  SELECT query, calls::int8 AS calls, round(total_exec_time::numeric, 1)::float8 AS "totalMs", round(mean_exec_time::numeric, 2)::float8 AS "meanMs"
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  ORDER BY total_exec_time DESC LIMIT 10`;

export const STATEMENTS_HINT = "pg_stat_statements is not enabled: add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, "
  + 'restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements; in this database';

export async function storeHealth(db: pg.Pool, retentionWeeks?: number): Promise<StoreHealth> {
  const partitions = (await db.query(PARTITIONS)).rows;
  const aggregates = (await db.query(AGGREGATES)).rows;
  const { rows: [pending] } = await db.query<{ n: number }>('SELECT count(DISTINCT (region_id, week))::int AS n FROM store.pending_cluster');
  const unfinishedJobs = (await db.query<{ status: string; jobs: number }>(
    `SELECT status, count(*)::int AS jobs FROM ingestion_jobs WHERE status IN ('queued', 'running', 'deleting') GROUP BY status ORDER BY status`)).rows;
  const top = await topQueries(db);
  return {
    partitions, aggregates,
    lastMaintenance: await lastMaintenance(db),
    due: {
      pendingOrganising: pending.n,
      uncompactedRows: aggregates.reduce((s, a) => s + a.rows - a.keys, 0),
      retentionWeeks: retentionWeeks ?? null,
      weeksPastRetention: retentionWeeks ? await weeksBefore(db, retentionCutoff(retentionWeeks, todayUtc())) : [],
    },
    unfinishedJobs,
    topQueries: top,
    statementsHint: top ? null : STATEMENTS_HINT,
  };
}

/** null when the extension is not installed in this database or not preloaded by the server */
async function topQueries(db: pg.Pool): Promise<StoreHealth['topQueries']> {
  const { rowCount } = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (!rowCount) return null;
  try {
    return (await db.query(TOP_QUERIES)).rows;
  } catch {
    return null; // installed but not in shared_preload_libraries
  }
}
