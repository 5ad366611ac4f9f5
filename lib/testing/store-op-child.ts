// A process that runs one long store operation and pauses after each step, for the tests that
// kill it (SIGKILL) part way. Prints "step <done>/<total>" after each committed step, then "finished".
//   node --import tsx lib/testing/store-op-child.ts delete <databaseUrl> <ingestionId>
//   node --import tsx lib/testing/store-op-child.ts drop <databaseUrl> <YYYY-MM-DD>
import { getPool } from '../db/pool';
import { deleteIngestionData } from '../ingest/delete-ingestion';
import { dropWeeksBefore } from '../ingest/retention';

const [op, url, arg] = process.argv.slice(2);
const step = async (done: number, total: number) => {
  process.stdout.write(`step ${done}/${total}\n`);
  await new Promise((r) => setTimeout(r, 50));
};
if (op === 'delete') await deleteIngestionData(getPool(url), Number(arg), { onPartition: step });
else if (op === 'drop') await dropWeeksBefore(getPool(url), arg, step);
else throw new Error(`unknown operation ${op}`);
process.stdout.write('finished\n');
process.exit(0);
