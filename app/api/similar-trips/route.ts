import { readPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { similarTripsQuery } from '@/lib/trips/schemas';
import { similarTrips } from '@/lib/trips/similar-trips';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false, read: true, query: similarTripsQuery }, ({ query }) => similarTrips(query, readPool()));
