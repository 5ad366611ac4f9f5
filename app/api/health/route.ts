import { checkHealth } from '@/lib/health';
import { readQueueState } from '@/lib/http/read-gate';
import { withApi } from '@/lib/http/with-api';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false }, async () => {
  const health = await checkHealth();
  // reads: trip reads being answered and waiting their turn (lib/http/read-gate.ts)
  return Response.json({ ...health, reads: readQueueState() }, { status: health.database === 'ok' ? 200 : 503 });
});
