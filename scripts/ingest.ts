// CLI: npm run ingest -- <file.csv> [more files] [--json] [--no-maintenance]
// Ingests each file with the same engine the worker uses; shows a progress bar on a terminal,
// prints a summary (or one JSON object per file with --json); exits 1 when any file failed.
// Then, as the worker does after a load, runs the store's maintenance (lib/ingest/maintain.ts:
// compaction, similar-trips rollups, organising, reclaim, ANALYZE), so the CLI exits with the
// data fully organised. Several files are one batch: the partitions they share are organised
// (rewritten in map order, indexed) once, after the last file, not after each (a partition fed
// by ten files would otherwise be rewritten up to ten times); answers are exact all along.
// A one-file load commits its similar-trips rollups with it, so its trips never show with stale
// ones. Built by the maintenance after the commit instead, an idle load was faster (2M rows:
// 21.0 s instead of 23.1), but under 20 clients a stale region's similar trips, summed from its
// weeks, took seconds and held read slots the other reads waited for (10M rows, a 1M-row load:
// p99 2683 ms, 1004 ms with the rollups committed in the load; docs/benchmarks.md).
// --no-maintenance leaves the maintenance to `npm run maintain` or the worker's schedule.
import cliProgress from 'cli-progress';
import { closePools, getPool } from '../lib/db/pool';
import { resolveDatabase } from '../lib/db/database-url';
import { loadWorkerEnv, organisePolicy } from '../lib/env/worker';
import type { IngestResult } from '../lib/ingest/ingest-file';
import { settleAbandonedJobs } from '../lib/jobs/abandoned-jobs';
import { ingestOwned } from '../lib/jobs/own-ingestion';
import { runMaintenance } from '../lib/ingest/maintain';
import { formatSummary } from '../lib/ingest/summary';
import { jobBook } from '../lib/jobs/job-store';
import { log } from '../lib/log';
import { exitOnFatal } from '../lib/process/fatal';
import { stepBar } from '../lib/process/step-bar';

exitOnFatal('ingest');
const args = process.argv.slice(2);
const json = args.includes('--json');
const maintain = !args.includes('--no-maintenance');
const files = args.filter((a) => !a.startsWith('--'));
if (!files.length) {
  console.error('usage: npm run ingest -- <file.csv> [more files] [--json] [--no-maintenance]');
  process.exit(2);
}

const env = loadWorkerEnv();
const db = await resolveDatabase(env.DATABASE_URL, env.STORE_LAYOUT);
log.debug(`database ready ${(performance.now() / 1000).toFixed(2)} s after the process started`);
let failed = false;
let loaded = false;
try {
  // Jobs of earlier runs that were killed still say running: say how they ended (each logged).
  await settleAbandonedJobs(getPool(db.url)).catch((err) => console.error(`could not settle abandoned jobs: ${(err as Error).message}`));
  for (const file of files) {
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({
          format: `${file} [{bar}] {percentage}% | {stage} | {rows} rows | {rate} rows/s | {rejected} rejected`,
          stream: process.stderr,
        }, cliProgress.Presets.shades_classic)
      : null;
    bar?.start(100, 0, { stage: 'parsing', rows: 0, rate: 0, rejected: 0 });
    let result: IngestResult;
    try {
      result = await ingestOwned({
        databaseUrl: db.url, filePath: file, jobs: jobBook, chunkSize: env.INGESTION_CHUNK_SIZE,
        organise: organisePolicy(env), cluster: files.length === 1, rollups: files.length === 1,
        cellPrecision: env.GROUP_CELL_PRECISION, bucketMinutes: env.GROUP_BUCKET_MINUTES,
        onProgress: (p) => bar?.update(p.bytesTotal ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100, {
          stage: p.stage, rows: p.rowsDone, rate: p.rowsPerSecond, rejected: p.rowsRejected,
        }),
      });
    } catch (err) {
      result = { jobId: 0, file, status: 'failed', rowsTotal: 0, rowsIngested: 0, rowsRejected: 0, rejects: [],
        seconds: 0, extraColumns: [], error: (err as Error).message };
    }
    bar?.stop();
    if (result.status === 'failed') failed = true;
    if (result.status === 'succeeded') loaded = true;
    if (json) {
      const { jobId, status, rowsTotal, rowsIngested, rowsRejected, rejects, seconds } = result;
      console.log(JSON.stringify({ jobId, file, status, rowsTotal, rowsIngested, rowsRejected, rejects, seconds,
        ...(result.queryableSeconds !== undefined ? { queryableSeconds: result.queryableSeconds } : {}),
        ...(result.error ? { error: result.error } : {}), ...(result.extraColumns.length ? { extraColumns: result.extraColumns } : {}) }));
    } else {
      console.log(formatSummary({ ...result, file }));
    }
  }
  if (maintain && loaded) await maintainOnce();
} finally {
  await closePools();
  await db.embedded?.stop();
}
process.exit(failed ? 1 : 0);

/** Runs the store's maintenance once after the files (see the header), with a progress bar. */
async function maintainOnce(): Promise<void> {
  const bar = stepBar('maintenance', 'rolling-up', process.stderr.isTTY);
  try {
    const r = await runMaintenance(getPool(db.url), { onProgress: bar.update });
    bar.stop();
    const summary = { seconds: +r.seconds.toFixed(3), compactedRegionWeeks: r.compaction.regionWeeks, rolledUp: r.rolledUp, organisedPartitions: r.organised };
    console.log(json ? JSON.stringify({ maintenance: summary })
      : `maintenance done in ${r.seconds.toFixed(1)} s: compacted ${summary.compactedRegionWeeks} region-weeks, rebuilt ${r.rolledUp} similar-trips rollups, organised ${r.organised} partitions`);
  } catch (err) {
    bar.stop();
    console.error(`maintenance failed (answers stay exact; npm run maintain finishes it): ${(err as Error).message}`);
    failed = true;
  }
}
