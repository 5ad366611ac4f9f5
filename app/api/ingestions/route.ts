import { appPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { recentJobs } from '@/lib/jobs/ingestions';
import { jobListQuery } from '@/lib/jobs/schemas';
import { acceptUploads } from '@/lib/uploads/accept-uploads';

export const dynamic = 'force-dynamic';

export const POST = withApi({ admin: true }, async ({ req }) => Response.json({ jobs: await acceptUploads(req) }, { status: 202 }));

export const GET = withApi({ admin: true, query: jobListQuery }, async ({ query }) => ({ jobs: await recentJobs(appPool(), query.limit) }));
