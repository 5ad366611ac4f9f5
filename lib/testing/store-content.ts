// What a store says, independent of ids and of how its aggregates are packed or compacted: every
// aggregate table unpacked and summed per key (region and datasource names, not ids), and the
// answers of the read API. Two stores holding the same trips must compare equal, whatever loads,
// compactions, deletions or dropped weeks led there.
import fs from 'node:fs';
import type pg from 'pg';
import { insights } from '../trips/insights';
import { listRegions } from '../trips/regions';
import { similarTripsQuery, weeklyAverageQuery } from '../trips/schemas';
import { similarTrips } from '../trips/similar-trips';
import { weeklyAverage, type Match } from '../trips/weekly-average';

const rows = async (db: pg.Pool, sql: string) => (await db.query(sql)).rows;

export async function storeContent(db: pg.Pool) {
  return {
    tiles: await rows(db, `SELECT t.side, r.name, t.week::text, t.tx, t.ty, u.sub, sum(u.n)::int8::text AS n
      FROM store.cell_tiles t JOIN regions r ON r.id = t.region_id, unnest(t.fines, t.fine_trips) AS u(sub, n)
      GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(u.n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`),
    tileTotals: await rows(db, `SELECT t.side, r.name, t.week::text, t.tx, t.ty, sum(t.trips)::int8::text AS n
      FROM store.cell_tiles t JOIN regions r ON r.id = t.region_id GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
    spans: await rows(db, `SELECT s.side, r.name, s.weeks, s.span::text, s.tx, s.ty, u.m, sum(u.n)::int8::text AS n
      FROM store.cell_spans s JOIN regions r ON r.id = s.region_id, unnest(s.cells, s.cell_trips) AS u(m, n)
      GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
    groups: await rows(db, `SELECT r.name, g.bucket, g.week::text, u.o, u.d, sum(coalesce(u.n, 1))::int8::text AS n
      FROM store.trip_groups g JOIN regions r ON r.id = g.region_id, unnest(g.origins, g.destinations, g.trips) AS u(o, d, n)
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
    regionWeeks: await rows(db, `SELECT r.name, w.week::text, w.trips::text, w.first_at::text, w.last_at::text, w.min_lon, w.min_lat, w.max_lon, w.max_lat
      FROM store.region_weeks w JOIN regions r ON r.id = w.region_id ORDER BY 1, 2`),
    regionDatasources: await rows(db, `SELECT r.name, x.week::text, d.name AS datasource, x.trips::text, x.first_at::text, x.last_at::text
      FROM store.region_datasources x JOIN regions r ON r.id = x.region_id JOIN datasources d ON d.id = x.datasource_id ORDER BY 1, 2, 3`),
    trips: await rows(db, `SELECT r.name, count(*)::text AS n, sum(t.origin_lon::numeric)::text AS lon, min(t.started_at)::text AS first
      FROM store.trips t JOIN regions r ON r.id = t.region_id GROUP BY 1 ORDER BY 1`), // numeric: a float8 sum depends on row order
  };
}

/**
 * Gives the regions of these CSV files ids in name order, before any load: stores compared
 * with each other then share region ids, which break ties among equally large similar-trip
 * groups (the top of the list is cut by count, then region id).
 */
export async function seedRegions(db: pg.Pool, csvFiles: string[]): Promise<void> {
  const names = new Set<string>();
  for (const file of csvFiles) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) if (line) names.add(line.slice(0, line.indexOf(',')));
  }
  await db.query('INSERT INTO regions (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [[...names].sort()]);
}

/** `count` boxes of several sizes around trip origins of `db` (use the same boxes for both stores). */
export async function boxesAround(db: pg.Pool, count: number, seed = 1): Promise<string[]> {
  const points = await rows(db, 'SELECT origin_lon AS lon, origin_lat AS lat FROM store.trips ORDER BY started_at, origin_lon, origin_lat');
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => {
    const { lon, lat } = points[Math.floor(random() * points.length)];
    const r = 0.002 + 0.05 * random();
    return [lon - r * random(), lat - r * 0.7, lon + r * 1.3, lat + r * random()].join(',');
  });
}

/** The read API's answers: boxes in every match mode, every region, regions, similar trips, insights. */
export async function storeAnswers(db: pg.Pool, boxes: string[], regionNames: string[]) {
  const boxAnswers = [];
  for (const bbox of boxes) {
    for (const match of ['origin', 'destination', 'both'] as Match[]) {
      boxAnswers.push(await weeklyAverage(weeklyAverageQuery.parse({ bbox, match, from: '2017-12-25', to: '2018-06-04' }), db));
    }
  }
  const regionAnswers = [];
  for (const region of regionNames) {
    // without a window: the store's own weeks, which the deleted or dropped rows may change
    regionAnswers.push(await weeklyAverage(weeklyAverageQuery.parse({ region }), db).catch((e) => String(e)));
    regionAnswers.push(await similarTrips(similarTripsQuery.parse({ region, from: '2017-12-25', to: '2018-06-04', limit: 50 }), db).catch((e) => String(e)));
  }
  return {
    boxAnswers, regionAnswers,
    regions: (await listRegions(db)).map(({ id: _id, ...r }) => r),
    similar: await similarTrips(similarTripsQuery.parse({ limit: 200, from: '2017-12-25', to: '2018-06-04' }), db),
    insights: await insights(db),
  };
}

/** True when a trips partition's rows lie on disk in CLUSTER's map order (latitude band of 1/256 degree, then longitude). */
export async function inClusterOrder(db: pg.Pool, table: string): Promise<boolean> {
  const { rows } = await db.query<{ band: number; lon: number }>(
    `SELECT floor(origin_lat * 256) AS band, origin_lon AS lon FROM store.${table} ORDER BY ctid`);
  return rows.every((x, i) => i === 0 || rows[i - 1].band < x.band || (rows[i - 1].band === x.band && rows[i - 1].lon <= x.lon));
}
