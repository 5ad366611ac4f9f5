// CLI: npm run maintain [-- --json] [-- --drop-before YYYY-MM-DD]
// Runs all due maintenance of the store to completion (retention, compaction of partial
// aggregates, organising of partitions, ANALYZE) with a progress bar, prints what it did, and
// exits. Weeks before --drop-before (snapped to the Monday on or before it) are dropped; without
// it, RETENTION_WEEKS decides (unset: nothing is dropped).
import { resolveDatabase } from '../lib/db/database-url';
import { closePools, getPool } from '../lib/db/pool';
import { loadWorkerEnv } from '../lib/env/worker';
import { runMaintenance } from '../lib/ingest/maintain';
import { retentionCutoff, todayUtc } from '../lib/ingest/retention';
import { exitOnFatal } from '../lib/process/fatal';
import { stepBar } from '../lib/process/step-bar';

exitOnFatal('maintain');
const json = process.argv.includes('--json');
const env = loadWorkerEnv();
const flag = process.argv.indexOf('--drop-before');
const dropBefore = flag >= 0 ? process.argv[flag + 1] : env.RETENTION_WEEKS ? retentionCutoff(env.RETENTION_WEEKS, todayUtc()) : undefined;
if (dropBefore !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(dropBefore)) {
  console.error('--drop-before needs a date, YYYY-MM-DD');
  process.exit(2);
}
const db = await resolveDatabase(env.DATABASE_URL, env.STORE_LAYOUT);
const bar = stepBar('maintenance', 'rolling-up', Boolean(process.stderr.isTTY) && !json);
try {
  const result = await runMaintenance(getPool(db.url), { dropBefore, onProgress: bar.update });
  bar.stop();
  if (json) {
    console.log(JSON.stringify(result));
  } else {
    const c = result.compaction;
    const r = result.retention;
    if (r) console.log(`dropped ${r.weeks.length} weeks before ${r.cutoff} (${r.trips} trips)`);
    console.log(`maintenance done in ${result.seconds.toFixed(1)} s: compacted ${c.regionWeeks} region-weeks `
      + `(tile rows ${c.tileRowsBefore} -> ${c.tileRowsAfter}, group rows ${c.groupRowsBefore} -> ${c.groupRowsAfter}), `
      + `organised ${result.organised} partitions, rebuilt ${result.rolledUp} similar-trips rollups, built ${result.spansBuilt} cell spans`);
    const mb = (b: number) => (b / 2 ** 20).toFixed(1);
    for (const t of result.reclaimed.rewritten) console.log(`rewrote store.${t.table}: ${mb(t.bytesBefore)} -> ${mb(t.bytesAfter)} MB`);
    if (result.reclaimed.deferred.length) console.log(`written to meanwhile, rewrite deferred to the next run: ${result.reclaimed.deferred.join(', ')}`);
  }
} finally {
  bar.stop();
  await closePools();
  await db.embedded?.stop();
}
