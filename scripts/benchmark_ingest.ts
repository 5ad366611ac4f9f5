// npm run bench:ingest -- data/synthetic.csv
// For the same rows in one run: end-to-end ingestion rows/s (CSV -> queryable trips, groups and
// aggregates, one transaction), the rows/s of a plain binary COPY of the already-normalised rows
// into the same partitioned table (partitions made beforehand: the database's own limit), their
// ratio, and bytes per row on disk. Uses DATABASE_URL's server, else an embedded PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { benchServer, storeSizes, withClient } from '../lib/bench/bench-database';
import { closePools } from '../lib/db/pool';
import { loadWorkerEnv } from '../lib/env/worker';
import { ingestFile } from '../lib/ingest/ingest-file';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npm run bench:ingest -- <file.csv>');
  process.exit(2);
}
const env = loadWorkerEnv();
const server = await benchServer(env.DATABASE_URL);
const mb = (n: number) => (n / 1024 ** 2).toFixed(1);

try {
  // 1. End to end.
  const e2e = await server.create('trip_atlas_bench_ingest');
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'end-to-end [{bar}] {percentage}% {stage} {rate} rows/s', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  bar?.start(100, 0, { stage: '', rate: 0 });
  const result = await ingestFile({
    databaseUrl: e2e.url, filePath: file, chunkSize: env.INGESTION_CHUNK_SIZE,
    cellPrecision: env.GROUP_CELL_PRECISION, bucketMinutes: env.GROUP_BUCKET_MINUTES,
    onProgress: (p) => bar?.update(Math.floor((p.bytesDone / Math.max(1, p.bytesTotal)) * 100), { stage: p.stage, rate: p.rowsPerSecond }),
  });
  bar?.stop();
  await closePools();
  if (result.status !== 'succeeded') throw new Error(`ingestion ${result.status}: ${result.error}`);
  const rows = result.rowsIngested;
  const queryable = result.queryableSeconds ?? result.seconds;
  const e2eRate = rows / queryable;

  // 2. Plain COPY of the normalised rows into a fresh store with the same partitions.
  const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-bench-')), 'trips.bin');
  const partitions = await withClient(e2e.url, async (c) => {
    await pipeline(c.query(copyTo('COPY (SELECT * FROM store.trips) TO STDOUT (FORMAT binary)')), fs.createWriteStream(dump));
    return (await c.query(`SELECT DISTINCT region_id, date_trunc('week', started_at)::date::text AS week FROM store.trips`)).rows;
  });
  const plain = await server.create('trip_atlas_bench_copy');
  const copySeconds = await withClient(plain.url, async (c) => {
    await c.query('SELECT count(store.ensure_trip_partition(r, w)) FROM unnest($1::int2[], $2::date[]) AS k(r, w)',
      [partitions.map((p) => p.region_id), partitions.map((p) => p.week)]);
    const t0 = performance.now();
    await pipeline(fs.createReadStream(dump, { highWaterMark: 1 << 20 }),
      c.query(copyFrom('COPY store.trips FROM STDIN (FORMAT binary)')));
    return (performance.now() - t0) / 1000;
  });
  fs.rmSync(path.dirname(dump), { recursive: true, force: true });
  const copyRate = rows / copySeconds;

  // 3. Bytes per row.
  const sizes = await storeSizes(e2e.url);
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const groups = await withClient(e2e.url, async (c) => (await c.query(
    `SELECT (SELECT coalesce(sum(cardinality(trips)), 0) FROM store.trip_groups)::int8 AS groups, (SELECT count(*) FROM store.cell_tiles)::int8 AS tiles,
            (SELECT coalesce(sum(cardinality(fines)), 0) FROM store.cell_tiles)::int8 AS fines,
            (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'r' AND c.relname ~ '^trips_r[0-9]+_w')::int AS partitions`)).rows[0]);

  const report = {
    file, rows, partitions: groups.partitions,
    endToEnd: { seconds: +queryable.toFixed(2), rowsPerSecond: Math.round(e2eRate) },
    clustering: { seconds: +(result.seconds - queryable).toFixed(2), rowsPerSecondIncluding: Math.round(rows / result.seconds) },
    plainCopy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(copyRate) },
    ratio: +(e2eRate / copyRate).toFixed(3),
    bytesPerRow: { total: +(total / rows).toFixed(1), ...Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, +(v / rows).toFixed(1)])) },
    aggregateRows: { tripGroups: Number(groups.groups), cellTiles: Number(groups.tiles), tileFineCells: Number(groups.fines), tripGroupsPerTrip: +(Number(groups.groups) / rows).toFixed(3) },
    projectedGBPer100M: +((total / rows) * 1e8 / 1024 ** 3).toFixed(1),
  };
  console.log(`
Ingestion benchmark: ${rows.toLocaleString('en-US')} rows, ${groups.partitions} trip partitions
  end-to-end (CSV -> trips + trip_groups + aggregates): ${report.endToEnd.seconds} s, ${report.endToEnd.rowsPerSecond.toLocaleString('en-US')} rows/s
  then clustering the partitions in map order:          ${report.clustering.seconds} s (${report.clustering.rowsPerSecondIncluding.toLocaleString('en-US')} rows/s including it)
  plain COPY of normalised rows (same table):          ${report.plainCopy.seconds} s, ${report.plainCopy.rowsPerSecond.toLocaleString('en-US')} rows/s
  ratio end-to-end / plain COPY: ${report.ratio}
  on disk: ${mb(total)} MB, ${report.bytesPerRow.total} bytes/row (${Object.entries(sizes).map(([k, v]) => `${k} ${(v / rows).toFixed(1)}`).join(', ')})
  similar-trip groups per trip: ${report.aggregateRows.tripGroupsPerTrip}; projected for 100M rows: ${report.projectedGBPer100M} GB`);
  console.log(JSON.stringify(report));
  await server.drop('trip_atlas_bench_copy');
  await server.drop('trip_atlas_bench_ingest');
} finally {
  await server.stop();
}
