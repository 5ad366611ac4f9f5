import { readPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { insights } from '@/lib/trips/insights';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false, read: true }, () => insights(readPool()));
