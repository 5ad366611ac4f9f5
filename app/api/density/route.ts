import { readPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { densityQuery } from '@/lib/trips/schemas';
import { density } from '@/lib/trips/density';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false, read: true, query: densityQuery }, ({ query }) => density(query, readPool()));
