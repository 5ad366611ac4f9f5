import { NextResponse } from 'next/server';
import { withApi } from '@/lib/http/api-error';
import { insights } from '@/lib/trips/insights';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => NextResponse.json(await insights()));
