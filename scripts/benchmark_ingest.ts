// npm run bench:ingest -- [--rows 1000000] [--files 1] [--mode realistic|clustered] [--keep NAME] [files.csv ...]
// One run, same rows, fresh databases on DATABASE_URL's server (else an embedded PostgreSQL):
//  (a) baseline: the rows pre-normalised to the store's 7 columns (not timed), then timed
//      `psql \copy` into one unpartitioned table;
//  (b) the real thing: the ingestion CLI as a child process, wall time spawn -> exit (end to end:
//      the CLI exits once its maintenance - compaction, rollups, organising, reclaim, ANALYZE -
//      is done), peak RSS of its process tree, the CLI's own queryableSeconds (committed, before
//      organising) and the seconds of its maintenance;
//  (c) pg_database_size after, bytes/row, and a per-table breakdown of schema `store`.
// Without files it generates data/bench-<mode>-<rows>.csv (or -001.csv ... with --files) once.
// --keep NAME keeps the loaded database under that name for `bench:query -- --reuse NAME`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchCsv } from '../lib/bench/bench-data';
import { benchServer, withClient } from '../lib/bench/bench-database';
import { psqlCopy, writeNormalised } from '../lib/bench/copy-baseline';
import { runIngestCli } from '../lib/bench/ingest-cli';
import { fmt, writeResult } from '../lib/bench/results';
import { storeSize } from '../lib/bench/store-sizes';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string', default: '1000000' },
    files: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'realistic' },
    keep: { type: 'string' },
  },
});
// An embedded server's data directory is removed when the run ends, the kept database with it.
if (values.keep && !process.env.DATABASE_URL) throw new Error('--keep NAME needs DATABASE_URL: an embedded server (used without it) is removed when the run ends');
const files = positionals.length ? positionals.map((f) => path.resolve(f))
  : ensureBenchCsv(Number(values.rows), Number(values.files), values.mode!);
const dbName = values.keep ?? 'trip_atlas_bench_ingest';
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error('--keep NAME: lower-case letters, digits and _ only');
const mb = (b: number) => b / 1024 ** 2;

const server = await benchServer(process.env.DATABASE_URL);
try {
  // (a) psql \copy baseline, in its own database, dropped afterwards.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-bench-'));
  const normalised = path.join(tmp, 'normalised.tsv');
  console.log(`normalising ${files.length} file(s) for the psql \\copy baseline (not timed) ...`);
  const csvRows = await writeNormalised(files, normalised);
  const copyDb = await server.create(`${dbName}_copy`);
  console.log(`psql \\copy of ${fmt(csvRows)} rows ...`);
  const copy = await psqlCopy(copyDb.url, normalised);
  await server.drop(`${dbName}_copy`);
  fs.rmSync(tmp, { recursive: true, force: true });

  // (b) the ingestion CLI, end to end.
  const db = await server.create(dbName);
  console.log(`ingesting with the CLI into ${dbName} ...`);
  const run = await runIngestCli(db.url, files);
  if (run.exitCode !== 0 || run.files.length !== files.length) throw new Error(`ingestion failed (exit ${run.exitCode}): ${JSON.stringify(run.files)} ${run.stderrTail}`);
  const rows = run.files.reduce((s, f) => s + f.rowsIngested, 0);
  const queryableSeconds = run.files.reduce((s, f) => s + (f.queryableSeconds ?? f.seconds), 0);

  // (c) sizes.
  await withClient(db.url, (c) => c.query('ANALYZE'));
  const size = await storeSize(db.url);

  const copyRate = copy.rows / copy.seconds;
  const e2eRate = rows / run.wallSeconds;
  const queryableRate = rows / queryableSeconds;
  const result = {
    files: files.map((f) => path.relative(process.cwd(), f)), mode: positionals.length ? 'files' : values.mode, rowsInCsv: csvRows,
    psqlCopy: { seconds: +copy.seconds.toFixed(2), rows: copy.rows, rowsPerSecond: Math.round(copyRate) },
    endToEnd: { wallSeconds: +run.wallSeconds.toFixed(2), rowsPerSecond: Math.round(e2eRate), ratioToCopy: +(e2eRate / copyRate).toFixed(3) },
    queryable: { seconds: +queryableSeconds.toFixed(2), rowsPerSecond: Math.round(queryableRate), ratioToCopy: +(queryableRate / copyRate).toFixed(3) },
    maintenanceSeconds: run.maintenanceSeconds,
    rowsRejected: run.files.reduce((s, f) => s + f.rowsRejected, 0),
    peakRssMB: Math.round(mb(run.peakRssBytes)),
    bytesPerRow: { database: +(size.databaseBytes / rows).toFixed(1), store: +(size.storeBytes / rows).toFixed(1) },
    databaseBytes: size.databaseBytes,
    relations: size.relations.map((r) => ({ ...r, bytesPerRow: +((r.tableBytes + r.indexBytes) / rows).toFixed(2) })),
    perFile: run.files,
  };
  printTable(rows, result);
  console.log(`results: ${path.relative(process.cwd(), writeResult('ingest', rows, result))}`);
  if (values.keep) console.log(`kept database ${dbName}: npm run bench:query -- --reuse ${dbName}`);
  else await server.drop(dbName);
} finally {
  await server.stop();
}

function printTable(rows: number, r: {
  psqlCopy: { seconds: number; rowsPerSecond: number }; endToEnd: { wallSeconds: number; rowsPerSecond: number; ratioToCopy: number };
  queryable: { seconds: number; rowsPerSecond: number; ratioToCopy: number }; maintenanceSeconds: number | null;
  peakRssMB: number; bytesPerRow: { database: number; store: number };
  databaseBytes: number; relations: { table: string; tableBytes: number; indexBytes: number; bytesPerRow: number; rows: number }[];
}) {
  const line = (label: string, sec: number, rate: number, ratio: string) =>
    `  ${label.padEnd(34)} ${sec.toFixed(2).padStart(8)} s ${fmt(rate).padStart(11)} rows/s  ${ratio}`;
  console.log(`\nIngestion benchmark: ${fmt(rows)} rows`);
  console.log(line('psql \\copy, normalised, 1 table', r.psqlCopy.seconds, r.psqlCopy.rowsPerSecond, 'baseline'));
  console.log(line('CLI end to end (spawn -> exit)', r.endToEnd.wallSeconds, r.endToEnd.rowsPerSecond, `ratio ${r.endToEnd.ratioToCopy}`));
  console.log(line('CLI until queryable', r.queryable.seconds, r.queryable.rowsPerSecond, `ratio ${r.queryable.ratioToCopy}`));
  if (r.maintenanceSeconds !== null) console.log(`  of the end to end, the CLI's maintenance: ${r.maintenanceSeconds.toFixed(2)} s`);
  console.log(`  peak RSS of the CLI: ${r.peakRssMB} MB`);
  console.log(`  database ${fmt(mb(r.databaseBytes), 1)} MB: ${r.bytesPerRow.database} bytes/row all-in, store ${r.bytesPerRow.store} bytes/row`);
  for (const rel of r.relations) {
    console.log(`    store.${rel.table.padEnd(22)} table ${fmt(mb(rel.tableBytes), 1).padStart(9)} MB  indexes ${fmt(mb(rel.indexBytes), 1).padStart(8)} MB  ${rel.bytesPerRow.toFixed(2).padStart(7)} B/row  ~${fmt(rel.rows)} rows`);
  }
}
