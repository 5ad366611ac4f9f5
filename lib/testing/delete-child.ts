// A process that deletes one ingestion and pauses after each partition, for the test that kills
// it (SIGKILL) part way: `node --import tsx lib/testing/delete-child.ts <databaseUrl> <ingestionId>`.
// Prints "partition <done>/<total>" after each committed partition.
import { getPool } from '../db/pool';
import { deleteIngestionData } from '../ingest/delete-ingestion';

const [url, id] = process.argv.slice(2);
await deleteIngestionData(getPool(url), Number(id), {
  onPartition: async (done, total) => {
    process.stdout.write(`partition ${done}/${total}\n`);
    await new Promise((r) => setTimeout(r, 50));
  },
});
process.stdout.write('finished\n');
process.exit(0);
