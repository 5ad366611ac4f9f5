import { withApi } from '@/lib/http/api-error';
import { getIngestion, type IdContext } from '@/lib/jobs/ingestion-handlers';

export const dynamic = 'force-dynamic';

export const GET = withApi<IdContext>((req, ctx) => getIngestion(req, ctx));
