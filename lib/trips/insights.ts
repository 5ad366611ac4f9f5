// The challenge's two questions, answered by the SQL in sql/insights (kept as readable files).
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { appPool } from '../db/app-db';

const INSIGHTS_SQL_DIR = path.join(process.cwd(), 'sql', 'insights');
const sqlCache = new Map<string, string>();

function readSql(dir: string, name: string): string {
  const file = path.join(dir, name);
  let sql = sqlCache.get(file);
  if (sql === undefined) {
    sql = fs.readFileSync(file, 'utf8');
    sqlCache.set(file, sql);
  }
  return sql;
}

export interface Insights {
  topRegions: string[];
  latestDatasource: { datasource: string; region: string; at: string } | null;
  latestPerRegion: { region: string; datasource: string; at: string; regionTrips: number }[];
  cheapMobileRegions: string[];
}

export async function insights(db: pg.Pool = appPool(), dir = INSIGHTS_SQL_DIR): Promise<Insights> {
  const [latest, cheap] = await Promise.all([
    db.query<{ region: string; datasource: string; at: string; region_trips: number }>(readSql(dir, 'latest-datasource-top-regions.sql')),
    db.query<{ region: string }>(readSql(dir, 'cheap-mobile-regions.sql'), ['cheap_mobile']),
  ]);
  const perRegion = latest.rows.map((r) => ({ region: r.region, datasource: r.datasource, at: r.at, regionTrips: Number(r.region_trips) }));
  const top = [...perRegion].sort((a, b) => b.regionTrips - a.regionTrips || a.region.localeCompare(b.region));
  return {
    topRegions: top.map((r) => r.region),
    latestDatasource: perRegion[0] ? { datasource: perRegion[0].datasource, region: perRegion[0].region, at: perRegion[0].at } : null,
    latestPerRegion: perRegion,
    cheapMobileRegions: cheap.rows.map((r) => r.region),
  };
}
