// Regions with their trip counts, extents and time ranges (from the region_weeks aggregate).
import { appPool } from '../db/app-db';
import type pg from 'pg';

export interface RegionSummary {
  id: number;
  name: string;
  trips: number;
  bbox: [number, number, number, number] | null;
  firstTrip: string | null;
  lastTrip: string | null;
}

const SQL = `
  SELECT r.id, r.name, sum(w.trips)::int8 AS trips,
         min(w.min_lon) AS min_lon, min(w.min_lat) AS min_lat, max(w.max_lon) AS max_lon, max(w.max_lat) AS max_lat,
         min(w.first_at) AS first_at, max(w.last_at) AS last_at
  FROM regions r JOIN store.region_weeks w ON w.region_id = r.id
  GROUP BY r.id, r.name
  ORDER BY trips DESC, r.name`;

export async function listRegions(db: pg.Pool = appPool()): Promise<RegionSummary[]> {
  const { rows } = await db.query(SQL);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    trips: r.trips,
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    firstTrip: r.first_at,
    lastTrip: r.last_at,
  }));
}
