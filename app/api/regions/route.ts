import { readPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { listRegions } from '@/lib/trips/regions';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false }, async () => ({ regions: await listRegions(readPool()) }));
