// npm run bench:query -- [--rows 1000000 | --reuse NAME] [--files 1] [--mode realistic|clustered]
//   [--boxes 200] [--check-sample N] [--density-check N] [--region-queries 50] [--similar-queries 50] [--density-queries 50]
//   [--polygons 50] [--cold]   (0 for --boxes, --region-queries, --density-queries or --polygons skips that part)
//   [--load [--duration 60] [--clients 20] [--ingest-during file.csv]]
// The app's read API over HTTP against brute-force SQL on the same store, in one run:
//  - weekly-average?bbox for EACH match mode (origin, destination, both) on its own: --boxes
//    boxes, sizes log-uniform 20 m - 60 km, centred on sampled trip points and on random spots
//    in the regions' extents; every answer is compared with brute force (--check-sample N:
//    only N boxes per mode, spread over the sizes, for big stores);
//  - weekly-average?region, similar-trips?region and similar-trips?bbox (default window);
//  - density (origin and destination) for --density-queries city-sized views (20-40 km wide,
//    default maxCells), compared cell by cell with brute force (--density-check N of them, else as --check-sample);
//  - POST weekly-average with district polygons (~50 vertices, 2-8 km across, centred on trip
//    points): --polygons origin-only queries and as many origin polygon -> destination polygon
//    pairs (around both ends of sampled trips), checked against brute force (exact
//    point-in-polygon of the SQL-selected trips in the extents) like the boxes;
//  - p50/p95/p99 per endpoint and mode, and API p50 / brute-force p50.
// Before timing, the app answers untimed questions in every region (lib/bench/warm-up.ts: a
// running server's connections have met every region long ago); --cold skips that, so every
// figure includes a new server's first reads.
// --load then runs C concurrent clients mixing all of these for a fixed duration, optionally
// while the ingestion CLI loads another file into the same store.
// Data: --reuse NAME (a database kept by `bench:ingest -- --keep NAME`), else the generated
// data/bench-<mode>-<rows>.csv loaded into trip_atlas_bench_query_<mode>_<rows> (kept for the next
// run). With --reuse, --mode only labels the data in the results (the chart draws one mode).
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startApp, timedGet, timedPost, type AppServer } from '../lib/bench/app-server';
import { ensureBenchCsv } from '../lib/bench/bench-data';
import { benchServer } from '../lib/bench/bench-database';
import { bruteBox, bruteDensity, bruteRegion, sameCounts, type CellCount } from '../lib/bench/brute-force';
import { runIngestCli } from '../lib/bench/ingest-cli';
import { cityViews, makeBoxes, sampleTripPoints, type Box, type Match } from '../lib/bench/query-boxes';
import { brutePolygons, districtPolygons, sampleTrips, type PolygonGeometry } from '../lib/bench/query-polygons';
import { runLoad, type LoadRequest } from '../lib/bench/query-load';
import { fmt, latencySummary, writeResult } from '../lib/bench/results';
import { warmUp } from '../lib/bench/warm-up';
import { loadWebEnv } from '../lib/env/web';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    files: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'realistic' },
    reuse: { type: 'string' },
    boxes: { type: 'string', default: '200' },
    'check-sample': { type: 'string', default: '0' },
    // density's brute force reads every trip of the window (a full scan per view): fewer for big stores
    'density-check': { type: 'string' },
    'region-queries': { type: 'string', default: '50' },
    'similar-queries': { type: 'string', default: '50' },
    'density-queries': { type: 'string', default: '50' },
    polygons: { type: 'string', default: '50' },
    cold: { type: 'boolean', default: false },
    load: { type: 'boolean', default: false },
    duration: { type: 'string', default: '60' },
    clients: { type: 'string', default: '20' },
    'ingest-during': { type: 'string' },
  },
});
const MATCHES: Match[] = ['origin', 'destination', 'both'];
const boxCount = Number(values.boxes);
const checkSample = Number(values['check-sample']);
const densityCheck = values['density-check'] === undefined ? checkSample : Number(values['density-check']);
// A kept database lives on DATABASE_URL's server: an embedded one starts empty every run.
if (values.reuse && !process.env.DATABASE_URL) throw new Error('--reuse NAME needs DATABASE_URL, the server bench:ingest -- --keep NAME loaded it on');

interface WeeklyBody { from: string; to: string; totalTrips: number; series: { weekStart: string; trips: number }[] }
interface Region { name: string; trips: number; bbox: Box | null }

/** Loads the store unless reusing one; returns the database URL and its row count. */
async function prepareStore(server: Awaited<ReturnType<typeof benchServer>>): Promise<{ url: string; name: string }> {
  if (values.reuse) {
    const db = await server.create(values.reuse, { reuse: true });
    if (!db.existed) throw new Error(`no database ${values.reuse} to reuse (bench:ingest -- --keep ${values.reuse})`);
    return { url: db.url, name: values.reuse };
  }
  const name = `trip_atlas_bench_query_${values.mode}_${values.rows}`;
  const db = await server.create(name, { reuse: true });
  const rows = await countRows(db.url);
  if (rows === 0) {
    const files = ensureBenchCsv(Number(values.rows), Number(values.files), values.mode!);
    console.log(`ingesting ${files.length} file(s) into ${name} ...`);
    const run = await runIngestCli(db.url, files);
    if (run.exitCode !== 0) throw new Error(`ingestion failed: ${run.stderrTail}`);
  }
  return { url: db.url, name };
}

async function countRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query('SELECT coalesce(sum(trips), 0) AS n FROM store.region_weeks')).rows[0].n);
  } finally {
    await c.end();
  }
}

/** Indices of the boxes to check against brute force: all, or `sample` spread over the list. */
function checkedIndices(n: number, sample: number): Set<number> {
  if (!sample || sample >= n) return new Set(Array.from({ length: n }, (_, i) => i));
  return new Set(Array.from({ length: sample }, (_, i) => Math.floor((i * n) / sample)));
}

async function boxRun(app: AppServer, db: pg.Client, match: Match, boxes: { box: Box; sizeM: number }[]) {
  const api: number[] = [];
  const brute: number[] = [];
  const mismatches: { box: Box; api: number; brute: number }[] = [];
  const checked = checkedIndices(boxes.length, checkSample);
  const url = (b: Box) => `${app.base}/api/weekly-average?bbox=${b.join(',')}&match=${match}`;
  await timedGet(url(boxes[0].box)); // warm-up
  for (const [i, { box }] of boxes.entries()) {
    const { body, ms } = await timedGet<WeeklyBody>(url(box));
    api.push(ms);
    if (!checked.has(i)) continue;
    const b = await bruteBox(db, box, match, body.from, body.to);
    brute.push(b.ms);
    if (!sameCounts(body.series, body.totalTrips, b.counts)) mismatches.push({ box, api: body.totalTrips, brute: [...b.counts.values()].reduce((s, x) => s + x, 0) });
  }
  return summary(`weekly-average?bbox match=${match}`, api, brute, checked.size, mismatches);
}

async function regionRun(app: AppServer, db: pg.Client, regions: Region[], n: number) {
  const api: number[] = [];
  const brute: number[] = [];
  const mismatches: { region: string; api: number; brute: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = regions[i % regions.length];
    const { body, ms } = await timedGet<WeeklyBody>(`${app.base}/api/weekly-average?region=${encodeURIComponent(r.name)}`);
    api.push(ms);
    if (i >= regions.length) continue; // each region checked once
    const b = await bruteRegion(db, r.name, body.from, body.to);
    brute.push(b.ms);
    if (!sameCounts(body.series, body.totalTrips, b.counts)) mismatches.push({ region: r.name, api: body.totalTrips, brute: [...b.counts.values()].reduce((s, x) => s + x, 0) });
  }
  return summary('weekly-average?region', api, brute, Math.min(n, regions.length), mismatches);
}

interface DensityBody { from: string; to: string; cellSize: { lon: number; lat: number }; cells: CellCount[] }

async function densityRun(app: AppServer, db: pg.Client, side: 'origin' | 'destination', views: Box[]) {
  const api: number[] = [];
  const brute: number[] = [];
  const mismatches: { view: Box; api: number; brute: number }[] = [];
  const checked = densityCheck < 0 ? new Set<number>() : checkedIndices(views.length, densityCheck);
  const url = (v: Box) => `${app.base}/api/density?bbox=${v.join(',')}&match=${side}`;
  await timedGet(url(views[0])); // warm-up
  for (const [i, view] of views.entries()) {
    const { body, ms } = await timedGet<DensityBody>(url(view));
    api.push(ms);
    if (!checked.has(i)) continue;
    const { lon: dx, lat: dy } = body.cellSize;
    const b = await bruteDensity(db, { dx, dy, nx: Math.round(360 / dx), ny: Math.round(180 / dy) }, view, side, body.from, body.to);
    brute.push(b.ms);
    const key = (cells: CellCount[]) => JSON.stringify([...cells].sort((p, q) => p.south - q.south || p.west - q.west));
    if (key(body.cells) !== key(b.cells)) mismatches.push({ view, api: body.cells.length, brute: b.cells.length });
  }
  return summary(`density city view match=${side}`, api, brute, checked.size, mismatches);
}

/** POST weekly-average for origin polygons (destination: null) or origin -> destination pairs. */
async function polygonRun(app: AppServer, db: pg.Client, label: string, areas: { origin: PolygonGeometry; destination: PolygonGeometry | null }[]) {
  const api: number[] = [];
  const brute: number[] = [];
  const mismatches: { api: number; brute: number; areas: object }[] = [];
  const checked = checkedIndices(areas.length, checkSample);
  const body = (a: (typeof areas)[number]) => ({ origin: { polygon: a.origin }, ...(a.destination ? { destination: { polygon: a.destination } } : {}) });
  const url = `${app.base}/api/weekly-average`;
  await timedPost(url, body(areas[0])); // warm-up
  for (const [i, a] of areas.entries()) {
    const { body: r, ms } = await timedPost<WeeklyBody>(url, body(a));
    api.push(ms);
    if (!checked.has(i)) continue;
    const b = await brutePolygons(db, a.origin, a.destination, r.from, r.to);
    brute.push(b.ms);
    if (!sameCounts(r.series, r.totalTrips, b.counts)) mismatches.push({ api: r.totalTrips, brute: [...b.counts.values()].reduce((s, x) => s + x, 0), areas: body(a) });
  }
  return summary(label, api, brute, checked.size, mismatches);
}

async function latencyOnly(label: string, urls: string[]) {
  const api: number[] = [];
  await timedGet(urls[0]);
  for (const u of urls) api.push((await timedGet(u)).ms);
  return summary(label, api, [], 0, []);
}

function summary(endpoint: string, api: number[], brute: number[], checked: number, mismatches: object[]) {
  const a = latencySummary(api);
  const b = brute.length ? latencySummary(brute) : null;
  return { endpoint, api: a, bruteForce: b, apiToBruteP50: b ? +(a.p50 / b.p50).toFixed(3) : null, checked, mismatches: mismatches.length, firstMismatches: mismatches.slice(0, 5) };
}

const server = await benchServer(process.env.DATABASE_URL);
let app: AppServer | null = null;
try {
  const store = await prepareStore(server);
  const rows = await countRows(store.url);
  const db = new pg.Client({ connectionString: store.url, options: '-c jit=off' }); // like the app's sessions
  await db.connect();
  await db.query('ANALYZE');
  app = await startApp(store.url);
  const regions = (await timedGet<{ regions: Region[] }>(`${app.base}/api/regions`)).body.regions.filter((r) => r.bbox);
  const extents = regions.map((r) => r.bbox!);
  console.log(`store ${store.name}: ${fmt(rows)} rows, ${regions.length} regions; app on ${app.base}`);
  const warm = values.cold ? null : latencySummary(await warmUp(app.base, extents));
  if (warm) console.log(`  warm-up (untimed questions in every region, a new server's first answers): n ${warm.n}, p50 ${warm.p50} p95 ${warm.p95} ms`);

  const results = [];
  const boxSets: Record<Match, { box: Box; sizeM: number }[]> = { origin: [], destination: [], both: [] };
  for (const [i, match] of (boxCount ? MATCHES : []).entries()) {
    // Centres from the end the mode looks at (both: origins, whose box must also hold the destination).
    const points = await sampleTripPoints(db, boxCount, match === 'destination' ? 'dest' : 'origin', rows);
    boxSets[match] = makeBoxes(boxCount, points, extents, 4242 + i);
    results.push(await boxRun(app, db, match, boxSets[match]));
    console.log(line(results.at(-1)!));
  }
  if (Number(values['region-queries'])) {
    results.push(await regionRun(app, db, regions, Number(values['region-queries'])));
    console.log(line(results.at(-1)!));
  }
  // similar-trips?bbox uses the origin boxes.
  const nSimilar = boxCount ? Number(values['similar-queries']) : 0;
  const similarRegion = Array.from({ length: nSimilar }, (_, i) => `${app!.base}/api/similar-trips?region=${encodeURIComponent(regions[i % regions.length].name)}`);
  const similarBox = boxSets.origin.slice(0, nSimilar).map((b) => `${app!.base}/api/similar-trips?bbox=${b.box.join(',')}`);
  if (nSimilar) {
    results.push(await latencyOnly('similar-trips?region', similarRegion));
    console.log(line(results.at(-1)!));
    results.push(await latencyOnly('similar-trips?bbox', similarBox));
    console.log(line(results.at(-1)!));
  }
  const nDensity = Number(values['density-queries']);
  if (nDensity) {
    const views = cityViews(nDensity, await sampleTripPoints(db, Math.max(nDensity, 200), 'origin', rows), 1107);
    for (const side of ['origin', 'destination'] as const) {
      results.push(await densityRun(app, db, side, views));
      console.log(line(results.at(-1)!));
    }
  }
  const nPolygons = Number(values.polygons);
  if (nPolygons) {
    const sampled = await sampleTrips(db, Math.max(nPolygons, 200), rows);
    const origins = districtPolygons(nPolygons, sampled.map((t) => t.o), 5151);
    results.push(await polygonRun(app, db, 'POST weekly-average origin polygon', origins.map((origin) => ({ origin, destination: null }))));
    console.log(line(results.at(-1)!));
    // Each pair around the two ends of one sampled trip, so it holds at least that trip.
    const pairs = sampled.slice(0, nPolygons).map((t, i) => {
      const [origin, destination] = [districtPolygons(1, [t.o], 6000 + i)[0], districtPolygons(1, [t.d], 7000 + i)[0]];
      return { origin, destination };
    });
    results.push(await polygonRun(app, db, 'POST weekly-average polygon->polygon', pairs));
    console.log(line(results.at(-1)!));
  }
  await db.end();

  let load = null;
  if (values.load) load = await loadPhase(app, store.url, boxSets, regions);

  const out = writeResult('query', rows, { mode: values.mode, database: store.name, boxes: boxCount, polygons: Number(values.polygons), checkSample, warmUp: warm, results, load,
    // the app's read admission (lib/http/read-gate.ts) as this run set it
    readConcurrency: loadWebEnv().READ_CONCURRENCY });
  console.log(`results: ${path.relative(process.cwd(), out)}`);
  if (results.some((r) => r.mismatches)) process.exitCode = 1;
} finally {
  app?.stop();
  await server.stop();
}

function line(r: ReturnType<typeof summary>): string {
  const ms = (x: number) => x.toFixed(1).padStart(7);
  const brute = r.bruteForce ? `| brute p50 ${ms(r.bruteForce.p50)} p95 ${ms(r.bruteForce.p95)} | API/brute p50 ${r.apiToBruteP50} | ${r.mismatches ? `${r.mismatches} MISMATCHED` : `${r.checked} checked, all exact`}` : '';
  return `  ${r.endpoint.padEnd(38)} n ${String(r.api.n).padStart(4)}: API p50 ${ms(r.api.p50)} p95 ${ms(r.api.p95)} p99 ${ms(r.api.p99)} ms ${brute}`;
}

async function loadPhase(app: AppServer, url: string, boxSets: Record<Match, { box: Box }[]>, regions: Region[]) {
  const requests: LoadRequest[] = [
    ...MATCHES.flatMap((m) => boxSets[m].map((b) => ({ kind: `bbox-${m}`, path: `/api/weekly-average?bbox=${b.box.join(',')}&match=${m}` }))),
    ...regions.flatMap((r) => Array.from({ length: 20 }, () => ({ kind: 'region', path: `/api/weekly-average?region=${encodeURIComponent(r.name)}` }))),
    ...regions.flatMap((r) => Array.from({ length: 10 }, () => ({ kind: 'similar-region', path: `/api/similar-trips?region=${encodeURIComponent(r.name)}` }))),
    ...boxSets.origin.slice(0, 100).map((b) => ({ kind: 'similar-bbox', path: `/api/similar-trips?bbox=${b.box.join(',')}` })),
  ];
  const clients = Number(values.clients);
  const seconds = Number(values.duration);
  const file = values['ingest-during'];
  console.log(`load: ${clients} clients for ${seconds} s${file ? `, ingesting ${file} meanwhile` : ''} ...`);
  const ingest = file ? runIngestCli(url, [path.resolve(file)]) : null;
  const result = await runLoad(app.base, requests, clients, seconds);
  const ingestRun = ingest ? await ingest : null;
  const ms = (x: number) => x.toFixed(1);
  console.log(`  load ${fmt(result.requests)} requests (${result.requestsPerSecond}/s), ${result.errors} errors: p50 ${ms(result.all.p50)} p95 ${ms(result.all.p95)} p99 ${ms(result.all.p99)} ms`);
  for (const [k, s] of Object.entries(result.byKind)) console.log(`    ${k.padEnd(16)} n ${String(s.n).padStart(6)}: p50 ${ms(s.p50)} p95 ${ms(s.p95)} p99 ${ms(s.p99)} ms`);
  if (result.firstErrors.length) console.log(`  first errors: ${result.firstErrors.join('; ')}`);
  const ingestDuring = ingestRun && { file, exitCode: ingestRun.exitCode, wallSeconds: +ingestRun.wallSeconds.toFixed(2), files: ingestRun.files };
  if (ingestDuring) console.log(`  ingestion during load: exit ${ingestDuring.exitCode}, ${ingestDuring.wallSeconds} s, ${ingestRun!.files.map((f) => `${f.status} ${f.rowsIngested} rows`).join(', ')}`);
  return { ...result, ingestDuring };
}
