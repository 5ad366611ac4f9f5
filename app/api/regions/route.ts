import { NextResponse } from 'next/server';
import { withApi } from '@/lib/http/api-error';
import { listRegions } from '@/lib/trips/regions';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => NextResponse.json({ regions: await listRegions() }));
