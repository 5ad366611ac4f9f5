// Request handlers of /api/ingestions (the route files only delegate here). All need admin.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireAdmin } from '../auth/require-admin';
import { searchParams } from '../http/api-error';
import { appDatabaseUrl, appPool } from '../db/app-db';
import { loadWebEnv } from '../env/web';
import { createPublisher } from '../realtime/publish';
import { receiveUploads } from '../uploads/receive';
import { LocalFolderStorage } from '../uploads/storage';
import { appQueue } from './app-queue';
import { jobWithRejects, queueUploads, recentJobs, rejectReport } from './ingestions';

export type IdContext = { params: Promise<{ id: string }> };

const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export async function postIngestions(req: Request): Promise<Response> {
  await requireAdmin(req);
  const env = loadWebEnv();
  const storage = new LocalFolderStorage(env.STORAGE_DIR);
  const boss = await appQueue(appDatabaseUrl()); // before reading the body: a queue problem fails fast
  const uploads = await receiveUploads(req, {
    storage, maxBytes: env.MAX_UPLOAD_BYTES, maxFiles: env.MAX_UPLOAD_FILES, idleMs: env.UPLOAD_IDLE_SECONDS * 1000,
  });
  const jobs = await queueUploads(appPool(), boss, storage, uploads, createPublisher(appPool()));
  return NextResponse.json({ jobs }, { status: 202 });
}

export async function getIngestions(req: Request): Promise<Response> {
  await requireAdmin(req);
  const { limit } = listQuery.parse(searchParams(req));
  return NextResponse.json({ jobs: await recentJobs(appPool(), limit) });
}

export async function getIngestion(req: Request, ctx: IdContext): Promise<Response> {
  await requireAdmin(req);
  const { id } = idParams.parse(await ctx.params);
  return NextResponse.json(await jobWithRejects(appPool(), id));
}

export async function getRejectReport(req: Request, ctx: IdContext): Promise<Response> {
  await requireAdmin(req);
  const { id } = idParams.parse(await ctx.params);
  return new Response(await rejectReport(appPool(), id), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="job-${id}-rejects.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
