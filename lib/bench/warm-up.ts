// Before anything is timed, the benchmark's fresh app answers a few untimed questions in every
// region: a connection's first read of a region fills its catalog caches for each partition the
// read meets (a polygon's half-year read at 10M rows: ~43 ms on a new connection, ~21 ms on a
// used one), which a server that has been running did long ago (its pool keeps connections for
// minutes, lib/db/pool.ts). The questions are not among the timed ones: around each region's
// centre, a box of each match mode and a district polygon, in two rounds, so the few
// connections an answer's parallel reads rotate over have all met every region. Their
// latencies are reported as the first answers of a new server.
import { timedGet, timedPost } from './app-server';
import type { Box } from './query-boxes';
import { districtPolygon } from './query-polygons';
import { rng } from '../ingest/synthetic';

const ROUNDS = 2;
const HALF_BOX_DEGREES = 0.01; // ~1 km

/** Runs the warm-up questions; returns their latencies in ms. */
export async function warmUp(base: string, regionExtents: Box[]): Promise<number[]> {
  const random = rng(9001);
  const ms: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [w, s, e, n] of regionExtents) {
      const [lon, lat] = [(w + e) / 2, (s + n) / 2];
      const box = [lon - HALF_BOX_DEGREES, lat - HALF_BOX_DEGREES, lon + HALF_BOX_DEGREES, lat + HALF_BOX_DEGREES].join(',');
      for (const match of ['origin', 'destination', 'both']) {
        ms.push((await timedGet(`${base}/api/weekly-average?bbox=${box}&match=${match}`)).ms);
      }
      ms.push((await timedPost(`${base}/api/weekly-average`, { origin: { polygon: districtPolygon([lon, lat], random) } })).ms);
    }
  }
  return ms;
}
