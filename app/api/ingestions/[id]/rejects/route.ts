import { appPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { rejectReport } from '@/lib/jobs/ingestions';
import { jobIdParams } from '@/lib/jobs/schemas';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: true, params: jobIdParams }, async ({ params }) =>
  new Response(await rejectReport(appPool(), params.id), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="job-${params.id}-rejects.csv"`,
      'Cache-Control': 'no-store',
    },
  }));
