import { NextResponse } from 'next/server';
import { searchParams, withApi } from '@/lib/http/api-error';
import { densityQuery } from '@/lib/trips/schemas';
import { density } from '@/lib/trips/density';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req) => NextResponse.json(await density(densityQuery.parse(searchParams(req)))));
