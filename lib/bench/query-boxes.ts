// Query boxes for the benchmark: sizes log-uniform from 20 m to 60 km, centred on actual trip
// points of the store (where analysts look) and on random spots inside the regions' extents.
import type pg from 'pg';
import { rng } from '../ingest/synthetic';

export type Box = [number, number, number, number];
export type Match = 'origin' | 'destination' | 'both';

const M_PER_DEGREE = 111_320;
const MIN_M = 20;
const MAX_M = 60_000;

/** `n` random trip points (origin or destination end), reproducible for one store. */
export async function sampleTripPoints(db: pg.Client, n: number, end: 'origin' | 'dest', total: number): Promise<[number, number][]> {
  const percent = Math.min(100, (100 * n * 4) / Math.max(1, total));
  const { rows } = await db.query<{ lon: number; lat: number }>(
    `SELECT ${end}_lon AS lon, ${end}_lat AS lat FROM store.trips TABLESAMPLE BERNOULLI ($1) REPEATABLE (7) ORDER BY md5(${end}_lon::text) LIMIT $2`,
    [percent, n]);
  return rows.map((r) => [r.lon, r.lat]);
}

/** Boxes around the given points (share `1 - extentShare`) and random spots in the extents. */
export function makeBoxes(n: number, points: [number, number][], extents: Box[], seed: number, extentShare = 0.25): { box: Box; sizeM: number }[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    let lon: number;
    let lat: number;
    if (!points.length || random() < extentShare) {
      const [w, s, e, nn] = extents[Math.floor(random() * extents.length)];
      lon = w + random() * (e - w);
      lat = s + random() * (nn - s);
    } else {
      [lon, lat] = points[Math.floor(random() * points.length)];
    }
    const sizeM = MIN_M * (MAX_M / MIN_M) ** random();
    const aspect = 0.5 + random(); // height / width
    const halfLat = (sizeM * aspect) / 2 / M_PER_DEGREE;
    const halfLon = sizeM / 2 / (M_PER_DEGREE * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    const box: Box = [Math.max(-180, lon - halfLon), Math.max(-90, lat - halfLat), Math.min(180, lon + halfLon), Math.min(90, lat + halfLat)];
    return { box, sizeM: Math.round(sizeM) };
  });
}

/** Map views at city zoom (20-40 km wide, 0.6 as high) centred on the given trip points: what the density layer asks for. */
export function cityViews(n: number, points: [number, number][], seed: number): Box[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const [lon, lat] = points[Math.floor(random() * points.length)];
    const widthM = 20_000 + random() * 20_000;
    const halfLat = (widthM * 0.6) / 2 / M_PER_DEGREE;
    const halfLon = widthM / 2 / (M_PER_DEGREE * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    return [Math.max(-180, lon - halfLon), Math.max(-90, lat - halfLat), Math.min(180, lon + halfLon), Math.min(90, lat + halfLat)];
  });
}
