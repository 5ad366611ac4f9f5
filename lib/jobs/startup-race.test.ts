// Web servers and workers started at the same instant on a fresh database. Protects: every one
// of them migrates the database and sets up the queue without error (seen before: one of two
// workers died with `deadlock detected` in pg-boss's create_queue, about 1 start in 7).
// Each starter uses its own connections (so its own PostgreSQL backends, racing in the server
// exactly as separate processes do); a barrier releases them together.
import type PgBoss from 'pg-boss';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { migrate } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { INGEST_QUEUE, startQueue } from './queue';

const STARTERS = 4;
const ROUNDS = 6;

let dbs: TestDatabase[] = [];
let bosses: PgBoss[] = [];
afterEach(async () => {
  await Promise.allSettled(bosses.map((b) => b.stop({ graceful: false, wait: true })));
  for (const db of dbs) await db.drop();
  [dbs, bosses] = [[], []];
});

describe('starting many processes at once on a fresh database', () => {
  it(`${STARTERS} web/worker starts (migrations + queue setup) at the same instant all succeed, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = await createTestDatabase(inject('pgServerUrl'), { migrated: false });
      dbs.push(db);
      let go!: () => void;
      const barrier = new Promise<void>((r) => (go = r));
      const starts = Array.from({ length: STARTERS }, async (_, i) => {
        await barrier;
        await migrate(db.url);
        const boss = await startQueue(db.url, i % 2 ? 'web' : 'worker', i % 2 ? undefined : { retryLimit: 3, expireInSeconds: 600 });
        bosses.push(boss);
        return boss;
      });
      go();
      const results = await Promise.allSettled(starts);
      const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failures, `round ${round}`).toEqual([]);
      const boss = (results[0] as PromiseFulfilledResult<PgBoss>).value;
      expect((await boss.getQueue(INGEST_QUEUE))?.name).toBe(INGEST_QUEUE);
      await Promise.allSettled(bosses.map((b) => b.stop({ graceful: false, wait: true })));
      bosses = [];
    }
  });
});
