// npm run bench:query -- [--rows 10000000] [--boxes 200] [--reuse]
// Loads N generated rows (data/bench-<N>.csv, made if missing) into a benchmark database, starts
// the app on a free port, then sends random boxes of mixed sizes to GET /api/weekly-average and
// runs the brute-force SQL count for each: p50/p95 of both, their ratio, and whether every answer
// matched. --reuse keeps a benchmark database already loaded with the same rows.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchServer } from '../lib/bench/bench-database';
import { freePort } from '../lib/db/embedded';
import { closePools } from '../lib/db/pool';
import { loadWorkerEnv } from '../lib/env/worker';
import { ingestFile } from '../lib/ingest/ingest-file';
import { CITIES, rng } from '../lib/ingest/synthetic';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    boxes: { type: 'string', default: '200' },
    reuse: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const boxes = Number(values.boxes);
const env = loadWorkerEnv();
const root = process.cwd();

async function ensureCsv(): Promise<string> {
  const file = path.join(root, 'data', `bench-${rows}.csv`);
  if (fs.existsSync(file)) return file;
  console.log(`generating ${rows} rows into ${file} ...`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate_data.ts', '--rows', String(rows), '--output', file], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error('generation failed');
  return file;
}

type Box = [number, number, number, number];
function randomBoxes(n: number): Box[] {
  const random = rng(4242);
  const sizes = [0.003, 0.01, 0.03, 0.08, 0.2, 0.5, 3];
  return Array.from({ length: n }, (_, i) => {
    const c = CITIES[Math.floor(random() * 10)];
    const size = sizes[i % sizes.length] * (0.5 + random());
    const lon = c.lon + (random() - 0.5) * 0.3;
    const lat = c.lat + (random() - 0.5) * 0.2;
    return [lon - size / 2, lat - size / 3, lon + size / 2, lat + size / 3];
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const server = await benchServer(env.DATABASE_URL);
let app: ReturnType<typeof spawn> | null = null;
try {
  const name = `trip_atlas_bench_query_${rows}`;
  const db = await server.create(name, { reuse: values.reuse });
  // Brute force runs with JIT off too, like the app's sessions (JIT cost seconds here).
  const client = new pg.Client({ connectionString: db.url, options: '-c jit=off' });
  await client.connect();
  const loaded = Number((await client.query('SELECT coalesce(sum(trips), 0) AS n FROM store.region_weeks')).rows[0].n);
  if (loaded !== rows) {
    if (loaded) throw new Error(`database ${name} holds ${loaded} rows, not ${rows}: run without --reuse`);
    const file = await ensureCsv();
    console.log(`ingesting ${file} ...`);
    const r = await ingestFile({ databaseUrl: db.url, filePath: file, chunkSize: env.INGESTION_CHUNK_SIZE,
      cellPrecision: env.GROUP_CELL_PRECISION, bucketMinutes: env.GROUP_BUCKET_MINUTES });
    await closePools();
    console.log(`ingested ${r.rowsIngested} rows in ${r.seconds} s`);
    await client.query('VACUUM ANALYZE');
  }

  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const port = await freePort();
  app = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOSTNAME: '127.0.0.1', NODE_ENV: 'production' }, stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch { /* not up yet */ }
    if (i > 300) throw new Error('app did not start');
    await new Promise((r) => setTimeout(r, 200));
  }

  const run = async (match: string, list: Box[]) => {
    const api: number[] = [];
    const brute: number[] = [];
    let mismatches = 0;
    await fetch(`${base}/api/weekly-average?bbox=${list[0].join(',')}&match=${match}`); // warm-up
    for (const box of list) {
      let t0 = performance.now();
      const res = await fetch(`${base}/api/weekly-average?bbox=${box.join(',')}&match=${match}`);
      const body = await res.json();
      api.push(performance.now() - t0);
      if (!res.ok) throw new Error(JSON.stringify(body));
      const where = match === 'both'
        ? 'origin_lon BETWEEN $1 AND $3 AND origin_lat BETWEEN $2 AND $4 AND dest_lon BETWEEN $1 AND $3 AND dest_lat BETWEEN $2 AND $4'
        : match === 'destination' ? 'dest_lon BETWEEN $1 AND $3 AND dest_lat BETWEEN $2 AND $4'
          : 'origin_lon BETWEEN $1 AND $3 AND origin_lat BETWEEN $2 AND $4';
      t0 = performance.now();
      const { rows: counted } = await client.query(
        `SELECT date_trunc('week', started_at)::date::text AS week, count(*)::int8 AS n FROM store.trips
         WHERE ${where} AND started_at >= $5::date AND started_at < $6::date GROUP BY 1`, [...box, body.from, body.to]);
      brute.push(performance.now() - t0);
      const expected = new Map(counted.map((r) => [r.week, Number(r.n)]));
      const same = body.series.every((s: { weekStart: string; trips: number }) => (expected.get(s.weekStart) ?? 0) === s.trips)
        && [...expected.values()].reduce((a, b) => a + b, 0) === body.totalTrips;
      if (!same) mismatches++;
    }
    return { match, boxes: list.length, apiP50: pct(api, 50), apiP95: pct(api, 95), bruteP50: pct(brute, 50), bruteP95: pct(brute, 95), mismatches };
  };

  const all = randomBoxes(boxes);
  const results = [await run('origin', all), await run('destination', all.slice(0, 20)), await run('both', all.slice(0, 20))];
  await client.end();
  console.log(`\nQuery benchmark: ${rows.toLocaleString('en-US')} rows, GET /api/weekly-average vs brute-force SQL (ms)`);
  for (const r of results) {
    console.log(`  match=${r.match.padEnd(11)} boxes ${String(r.boxes).padStart(3)}: API p50 ${r.apiP50.toFixed(1)} p95 ${r.apiP95.toFixed(1)} | ` +
      `brute p50 ${r.bruteP50.toFixed(1)} p95 ${r.bruteP95.toFixed(1)} | brute/API p50 ${(r.bruteP50 / r.apiP50).toFixed(1)}x | ` +
      `${r.mismatches === 0 ? 'all answers matched' : `${r.mismatches} MISMATCHED`}`);
  }
  console.log(JSON.stringify({ rows, results }));
  if (results.some((r) => r.mismatches)) process.exitCode = 1;
} finally {
  app?.kill('SIGTERM');
  await server.stop();
}
