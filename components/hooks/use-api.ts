'use client';
// TanStack Query hooks over the Trip Atlas API.
import type { StoreHealth } from '@/lib/ingest/store-health';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  areaParams,
  getJson,
  postJson,
  type Bbox,
  type Density,
  type IngestionJob,
  type Insights,
  type Match,
  type Region,
  type SimilarTrips,
  type WeeklyAverage,
  type AreaWeeklyAverage,
} from '@/lib/client/api';
import type { AreaWeeklyBody } from '@/lib/client/areas';
import type { Zone } from '@/lib/client/zones';
import { mapLimit } from '@/lib/client/map-limit';

export interface AreaQuery {
  bbox?: Bbox | null;
  region?: string | null;
  match?: Match;
  from?: string;
  to?: string;
}

const hasArea = (q: AreaQuery) => Boolean(q.bbox || q.region);

export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => getJson<{ regions: Region[] }>('/api/regions').then((r) => r.regions),
    staleTime: 30_000,
  });
}

export function useWeeklyAverage(q: AreaQuery, enabled = true) {
  const qs = areaParams(q, { match: q.match, from: q.from, to: q.to });
  return useQuery({
    queryKey: ['weekly-average', qs],
    queryFn: ({ signal }) => getJson<WeeklyAverage>(`/api/weekly-average?${qs}`, { signal }),
    enabled: enabled && hasArea(q),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
  });
}

const noRetryOn4xx = (count: number, err: Error) => count < 1 && !('status' in err && (err as { status: number }).status < 500);

/** Empty dates are left out: the server then uses the whole store's weeks. */
function windowed(body: AreaWeeklyBody): AreaWeeklyBody {
  return { ...(body.origin ? { origin: body.origin } : {}), ...(body.destination ? { destination: body.destination } : {}), ...(body.from ? { from: body.from } : {}), ...(body.to ? { to: body.to } : {}) };
}

/** POST /api/weekly-average: polygons, and trips from one area to another. */
export function useAreaWeeklyAverage(body: AreaWeeklyBody, enabled = true) {
  const payload = windowed(body);
  return useQuery({
    queryKey: ['area-weekly-average', JSON.stringify(payload)],
    queryFn: ({ signal }) => getJson<AreaWeeklyAverage>('/api/weekly-average', { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, signal }),
    enabled: enabled && Boolean(body.origin || body.destination),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
  });
}

/** Requests in flight at once for a zone file (the server has few connections to share). */
const ZONE_CONCURRENCY = 4;

/** Each zone's weekly average; `sides` says which trip end must be in the zone. */
export function useZoneAverages(zones: { key: string; list: Zone[] } | null, sides: { origin: boolean; destination: boolean }, from: string, to: string) {
  return useQuery({
    queryKey: ['zone-averages', zones?.key, sides.origin, sides.destination, from, to],
    queryFn: ({ signal }) =>
      mapLimit(
        zones!.list,
        ZONE_CONCURRENCY,
        (z) => {
          const area = { polygon: z.geometry };
          const body = windowed({ origin: sides.origin ? area : undefined, destination: sides.destination ? area : undefined, from, to });
          return getJson<AreaWeeklyAverage>('/api/weekly-average', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });
        },
        signal,
      ),
    enabled: Boolean(zones),
    retry: false,
  });
}

export function useSimilarTrips(q: AreaQuery & { precision?: number | null; bucketMinutes?: number | null }, limit = 20) {
  const qs = areaParams(q, { from: q.from, to: q.to, limit, precision: q.precision, bucketMinutes: q.bucketMinutes });
  return useQuery({
    queryKey: ['similar-trips', qs],
    queryFn: ({ signal }) => getJson<SimilarTrips>(`/api/similar-trips?${qs}`, { signal }),
    enabled: hasArea(q),
    retry: false,
  });
}

/** Trips per cell in the map's view; the previous answer stays on screen while panning. */
export function useDensity(q: { view: Bbox | null; match: 'origin' | 'destination'; from?: string; to?: string; maxCells: number }, enabled: boolean) {
  const qs = q.view ? areaParams({ bbox: q.view }, { match: q.match, from: q.from, to: q.to, maxCells: q.maxCells }) : '';
  return useQuery({
    queryKey: ['density', qs],
    queryFn: ({ signal }) => getJson<Density>(`/api/density?${qs}`, { signal }),
    enabled: enabled && Boolean(q.view),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useInsights() {
  return useQuery({ queryKey: ['insights'], queryFn: () => getJson<Insights>('/api/insights'), staleTime: 30_000 });
}

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: () => getJson<{ admin: boolean }>('/api/auth/session'),
    retry: false,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => postJson<unknown>('/api/auth/login', { password }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<unknown>('/api/auth/logout', {}),
    onSuccess: () => client.setQueryData(['session'], { admin: false }),
  });
}

export function useIngestions(enabled: boolean) {
  return useQuery({
    queryKey: ['ingestions'],
    queryFn: () => getJson<{ jobs: IngestionJob[] }>('/api/ingestions').then((r) => r.jobs),
    enabled,
  });
}

export function useStoreHealth(enabled: boolean) {
  return useQuery({ queryKey: ['store-health'], queryFn: () => getJson<StoreHealth>('/api/admin/store-health'), enabled });
}
