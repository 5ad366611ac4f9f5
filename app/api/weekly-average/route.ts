import { readPool } from '@/lib/db/app-db';
import { withApi } from '@/lib/http/with-api';
import { areaWeeklyAverageBody } from '@/lib/trips/area-schemas';
import { areaWeeklyAverage } from '@/lib/trips/area-weekly-average';
import { weeklyAverageQuery } from '@/lib/trips/schemas';
import { weeklyAverage } from '@/lib/trips/weekly-average';

export const dynamic = 'force-dynamic';

// A region's weekly totals are one index read of store.region_weeks: they skip the read queue.
export const GET = withApi({ admin: false, read: ({ query }) => query.region === undefined, query: weeklyAverageQuery },
  ({ query }) => weeklyAverage(query, readPool()));

export const POST = withApi({ admin: false, read: true, body: areaWeeklyAverageBody }, ({ body }) => areaWeeklyAverage(body, readPool()));
