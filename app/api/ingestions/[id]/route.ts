import { appDatabaseUrl, appPool, readPool, readReplicaUrl } from '@/lib/db/app-db';
import { appQueue } from '@/lib/jobs/app-queue';
import { requestDeletion } from '@/lib/jobs/deletions';
import { withApi } from '@/lib/http/with-api';
import { jobWithRejects } from '@/lib/jobs/ingestions';
import { jobIdParams } from '@/lib/jobs/schemas';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: true, params: jobIdParams }, ({ params }) =>
  jobWithRejects(appPool(), params.id, readReplicaUrl() ? readPool() : undefined));

/** Deletes the ingestion's trips and everything derived from them: 202, the job goes `deleting`, then `deleted`. */
export const DELETE = withApi({ admin: true, params: jobIdParams }, async ({ params }) =>
  Response.json({ job: await requestDeletion(appPool(), await appQueue(appDatabaseUrl()), params.id) }, { status: 202 }));
