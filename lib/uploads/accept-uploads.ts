// POST /api/ingestions behind the route: the request's files -> storage -> queued jobs, with
// their first progress published.
import { appDatabaseUrl, appPool } from '../db/app-db';
import { loadWebEnv } from '../env/web';
import { appQueue } from '../jobs/app-queue';
import { createPublisher } from '../realtime/publish';
import { queueUploads, type QueuedJob } from './queue-uploads';
import { receiveUploads } from './receive';
import { storageFromEnv } from './storage-url';

export async function acceptUploads(req: Request): Promise<QueuedJob[]> {
  const env = loadWebEnv();
  const storage = storageFromEnv(env);
  const boss = await appQueue(appDatabaseUrl()); // before reading the body: a queue problem fails fast
  const uploads = await receiveUploads(req, {
    storage, maxBytes: env.MAX_UPLOAD_BYTES, maxFiles: env.MAX_UPLOAD_FILES, idleMs: env.UPLOAD_IDLE_SECONDS * 1000,
  });
  return queueUploads(appPool(), boss, storage, uploads, createPublisher(appPool()));
}
