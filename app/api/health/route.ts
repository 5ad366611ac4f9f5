import { checkHealth } from '@/lib/health';
import { withApi } from '@/lib/http/with-api';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false }, async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.database === 'ok' ? 200 : 503 });
});
