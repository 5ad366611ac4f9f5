import { appPool } from '@/lib/db/app-db';
import { loadWebEnv } from '@/lib/env/web';
import { withApi } from '@/lib/http/with-api';
import { storeHealth } from '@/lib/ingest/store-health';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: true }, () => storeHealth(appPool(), loadWebEnv().RETENTION_WEEKS));
