// CLI: npm run maintain [-- --json]
// Runs all due maintenance of the store to completion (compaction of partial aggregates,
// organising of partitions, ANALYZE) with a progress bar, prints what it did, and exits.
import cliProgress from 'cli-progress';
import { resolveDatabase } from '../lib/db/database-url';
import { closePools, getPool } from '../lib/db/pool';
import { loadWorkerEnv } from '../lib/env/worker';
import { runMaintenance } from '../lib/ingest/maintain';
import { exitOnFatal } from '../lib/process/fatal';

exitOnFatal('maintain');
const json = process.argv.includes('--json');
const env = loadWorkerEnv();
const db = await resolveDatabase(env.DATABASE_URL);
const bar = process.stderr.isTTY && !json
  ? new cliProgress.SingleBar({ format: 'maintenance [{bar}] {step} {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic)
  : null;
try {
  bar?.start(1, 0, { step: 'compacting' });
  const result = await runMaintenance(getPool(db.url), {
    onProgress: (step, done, total) => {
      bar?.setTotal(Math.max(total, 1));
      bar?.update(done, { step });
    },
  });
  bar?.stop();
  if (json) {
    console.log(JSON.stringify(result));
  } else {
    const c = result.compaction;
    console.log(`maintenance done in ${result.seconds.toFixed(1)} s: compacted ${c.regionWeeks} region-weeks `
      + `(tile rows ${c.tileRowsBefore} -> ${c.tileRowsAfter}, group rows ${c.groupRowsBefore} -> ${c.groupRowsAfter}), `
      + `organised ${result.organised} partitions`);
  }
} finally {
  bar?.stop();
  await closePools();
  await db.embedded?.stop();
}
