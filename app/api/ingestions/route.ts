import { withApi } from '@/lib/http/api-error';
import { getIngestions, postIngestions } from '@/lib/jobs/ingestion-handlers';

export const dynamic = 'force-dynamic';

export const POST = withApi((req) => postIngestions(req));
export const GET = withApi((req) => getIngestions(req));
