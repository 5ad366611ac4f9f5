// Density cells against brute-force SQL over raw trips (lib/bench/brute-force.ts bruteDensity):
// random views at every level, both sides, random windows, trips exactly on cell edges, views
// across the antimeridian and in the southern hemisphere. Equal cell by cell, not close.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bruteDensity } from '../bench/brute-force';
import { columnWest, fineGridOf, latToY, lonToX, makeGrid, MAX_PRECISION, rowSouth } from '../geo/cells';
import { getPool } from '../db/pool';
import { rng } from '../ingest/synthetic';
import { generateCsv, SAMPLE_CSV, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { density } from './density';
import { cellCount, cellsMeeting } from './density-grid';
import { densityQuery, type BBox } from './schemas';

let db: TestDatabase;
const pool = () => getPool(db.url);
const g = makeGrid(6);
const g7 = fineGridOf(g);
const random = rng(1107);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const CITIES = [[14.44, 50.07], [7.68, 45.07], [9.99, 53.55], [-43.2, -22.9]];

/** Trips with both ends exactly on fine-grid edges and corners (every coarser edge is one too). */
function edgeCsv(): string {
  const lines = ['region,origin_coord,destination_coord,datetime,datasource'];
  CITIES.forEach(([lon, lat], c) => {
    const x0 = lonToX(g7, lon), y0 = latToY(g7, lat);
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j += 3) {
        lines.push(`Edge${c},POINT (${columnWest(g7, x0 + i)} ${rowSouth(g7, y0 + j)}),POINT (${columnWest(g7, x0 + j)} ${rowSouth(g7, y0 + i)}),2018-01-${String(1 + ((i + j) % 28)).padStart(2, '0')} 08:00:00,edge_src`);
      }
    }
  });
  return lines.join('\n') + '\n';
}

/** Trips around the antimeridian in the south (Fiji), some exactly on 180, -180 and on cell edges. */
function fijiCsv(rows: number): string {
  const lons = [180, -180, 179.99999, -179.99999, columnWest(g, g.nx - 1), columnWest(g7, g7.nx - 3), columnWest(g7, 2)];
  const lon = () => (random() < 0.3 ? pick(lons) : random() < 0.5 ? 177 + random() * 3 : -180 + random() * 2);
  const lat = () => (random() < 0.2 ? rowSouth(g7, latToY(g7, -17) + Math.floor(random() * 9)) : -19.5 + random() * 4);
  const lines = ['region,origin_coord,destination_coord,datetime,datasource'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2018, 0, 1) + Math.floor(random() * 70) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`Fiji,POINT (${lon()} ${lat()}),POINT (${lon()} ${lat()}),${day} 12:00:00,fiji_src`);
  }
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  const dir = tempDir();
  // Two generated files (aggregates hold partial sums), the sample, edge and antimeridian trips.
  await ingest(db.url, generateCsv(dir, 'a.csv', 12_000, { seed: 21, regions: 4 }));
  await ingest(db.url, generateCsv(dir, 'b.csv', 6_000, { seed: 22, regions: 3, start: '2018-02-10' }));
  await ingest(db.url, SAMPLE_CSV);
  // one dense city-week: tiles with hundreds of fine cells
  await ingest(db.url, generateCsv(dir, 'dense.csv', 8_000, { seed: 23, regions: 1, days: 7, start: '2018-03-05', hotspots: 2, spread: 0.01 }));
  await ingest(db.url, writeCsv(dir, 'edges.csv', edgeCsv()));
  await ingest(db.url, writeCsv(dir, 'fiji.csv', fijiCsv(3000)));
});
afterAll(async () => db?.drop());

function randomView(kind: number): BBox {
  const [clon, clat] = pick(CITIES);
  switch (kind % 7) {
    case 0: { // city-sized, around a city
      const w = 0.05 + random() * 0.4;
      const lon = clon + (random() - 0.5) * 0.2, lat = clat + (random() - 0.5) * 0.2;
      return { minLon: lon - w / 2, minLat: lat - w / 3, maxLon: lon + w / 2, maxLat: lat + w / 3 };
    }
    case 1: { // edges exactly on cells of a random level, where the edge trips lie
      const lg = makeGrid(1 + Math.floor(random() * 7), MAX_PRECISION + 1);
      const x = lonToX(lg, clon) - Math.floor(random() * 3), y = latToY(lg, clat) - Math.floor(random() * 3);
      const w = Math.floor(random() * 8), h = Math.floor(random() * 8);
      return { minLon: columnWest(lg, x), minLat: rowSouth(lg, y), maxLon: Math.min(180, columnWest(lg, x + w)), maxLat: Math.min(90, rowSouth(lg, y + h)) };
    }
    case 2: { // tiny: smaller than a fine cell
      const lon = clon + (random() - 0.5) * 0.05, lat = clat + (random() - 0.5) * 0.05, s = random() * 0.001;
      return { minLon: lon, minLat: lat, maxLon: lon + s, maxLat: lat + s };
    }
    case 3: // continent-sized, several regions
      return { minLon: -60 + random() * 60, minLat: -40 + random() * 20, maxLon: 10 + random() * 20, maxLat: 50 + random() * 10 };
    case 4: { // across the antimeridian around Fiji
      const w = random() < 0.5 ? random() * 2 : random() * 40;
      const minLon = 180 - random() * w, maxLon = -180 + random() * w;
      return { minLon, minLat: -20 - random(), maxLon, maxLat: -16 + random() };
    }
    case 5: // the whole world
      return { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 };
    default: // on the antimeridian itself
      return { minLon: pick([180, 179.9, columnWest(g7, g7.nx - 3)]), minLat: -19.5, maxLon: pick([-180, -179.5, columnWest(g7, 2)]), maxLat: -15 };
  }
}

function randomWindow(): { from?: string; to?: string } {
  if (random() < 0.3) return {};
  const day = (n: number) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const a = Math.floor(random() * 70);
  return { from: day(a), to: day(a + 1 + Math.floor(random() * 50)) };
}

const sortCells = <T extends { south: number; west: number }>(cells: T[]) =>
  [...cells].sort((a, b) => a.south - b.south || a.west - b.west);

describe('density is exact', () => {
  it('equals brute force for 140 random views, both sides, random windows and cell limits', async () => {
    const levels = new Set<number>();
    for (let i = 0; i < 140; i++) {
      const view = randomView(i);
      const match = i % 2 ? 'origin' : 'destination';
      const maxCells = pick([32, 100, 1000, 4000, 20_000]);
      const q = densityQuery.parse({ bbox: `${view.minLon},${view.minLat},${view.maxLon},${view.maxLat}`, match, maxCells: String(maxCells), ...randomWindow() });
      const r = await density(q, pool());
      const level = makeGrid([...Array(MAX_PRECISION + 1).keys()].map((k) => k + 1).find((p) => makeGrid(p, MAX_PRECISION + 1).dx === r.cellSize.lon)!, MAX_PRECISION + 1);
      levels.add(level.precision);
      expect(r.cellSize.lat).toBe(level.dy);
      // the finest level within maxCells
      expect(cellCount(cellsMeeting(level, view))).toBeLessThanOrEqual(maxCells);
      if (level.precision < 7) expect(cellCount(cellsMeeting(makeGrid(level.precision + 1, MAX_PRECISION + 1), view))).toBeGreaterThan(maxCells);
      const brute = await bruteDensity(pool(), level, [view.minLon, view.minLat, view.maxLon, view.maxLat], match, r.from, r.to);
      const label = `${JSON.stringify(view)} ${match} ${maxCells} ${r.from}..${r.to}`;
      expect(sortCells(r.cells), label).toEqual(brute.cells);
      expect(r.totalTrips).toBe(brute.cells.reduce((s, c) => s + c.trips, 0));
    }
    expect([...levels].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]); // every level was exercised
  });

  it('answers the documented shape, windows snapped to ISO weeks', async () => {
    const r = await density(densityQuery.parse({ bbox: '14.3,49.95,14.6,50.2', from: '2018-01-03', to: '2018-02-01' }), pool());
    expect(Object.keys(r)).toEqual(['cellSize', 'from', 'to', 'cells', 'totalTrips']);
    expect([r.from, r.to]).toEqual(['2018-01-01', '2018-02-05']);
    expect(r.cells.length).toBeGreaterThan(0);
    expect(r.cells.every((c) => c.trips > 0 && c.east - c.west === r.cellSize.lon && c.north - c.south === r.cellSize.lat)).toBe(true);
  });

  it('finds no trips in an empty sea or outside the stored weeks', async () => {
    expect((await density(densityQuery.parse({ bbox: '-30,30,-29,31' }), pool())).cells).toEqual([]);
    const late = await density(densityQuery.parse({ bbox: '14.3,49.95,14.6,50.2', from: '2019-01-01', to: '2019-02-01' }), pool());
    expect([late.cells, late.totalTrips]).toEqual([[], 0]);
  });
});
