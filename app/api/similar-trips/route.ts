import { NextResponse } from 'next/server';
import { searchParams, withApi } from '@/lib/http/api-error';
import { similarTripsQuery } from '@/lib/trips/schemas';
import { similarTrips } from '@/lib/trips/similar-trips';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req) => NextResponse.json(await similarTrips(similarTripsQuery.parse(searchParams(req)))));
