import { NextResponse } from 'next/server';
import { searchParams, withApi } from '@/lib/http/api-error';
import { weeklyAverageQuery } from '@/lib/trips/schemas';
import { weeklyAverage } from '@/lib/trips/weekly-average';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req) => NextResponse.json(await weeklyAverage(weeklyAverageQuery.parse(searchParams(req)))));
