import { appPool, readPool, readReplicaUrl } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { jobWithRejects } from '@/lib/jobs/ingestions';
import { jobIdParams } from '@/lib/jobs/schemas';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: true, params: jobIdParams }, ({ params }) =>
  jobWithRejects(appPool(), params.id, readReplicaUrl() ? readPool() : undefined));
