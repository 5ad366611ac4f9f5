// Client-side types and fetchers for the Trip Atlas HTTP API. Every non-2xx answer becomes an
// ApiError carrying the server's {"error": {code, message, parameter}} body when there is one.
// Response types are the server's own (type-only imports: no server code reaches the browser).
import type { JobStatus } from '../ingest/job-status';
import type { JobProgress } from '../jobs/job-progress';
import type { JobRow } from '../jobs/job-store';
import type { CellInfo } from '../geo/cells';
import type { Density, DensityCell } from '../trips/density';
import type { Insights } from '../trips/insights';
import type { RegionSummary } from '../trips/regions';
import type { SimilarTripGroup, SimilarTrips } from '../trips/similar-trips';
import type { Match, WeeklyAverage } from '../trips/weekly-average';
import type { AreaWeeklyAverage } from '../trips/area-weekly-average';

export type { AreaWeeklyAverage, Insights, JobProgress, JobStatus, Match, SimilarTrips, WeeklyAverage };
export type Bbox = [number, number, number, number];
export type WeeklyPoint = WeeklyAverage['series'][number];
export type Region = RegionSummary;
export type Cell = CellInfo;
export type SimilarGroup = SimilarTripGroup;

export type IngestionJob = JobRow;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init?.headers } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; parameter?: string } } | null)?.error;
    throw new ApiError(err?.message ?? `Request failed (${res.status})`, res.status, err?.code, err?.parameter);
  }
  return body as T;
}

export function postJson<T>(url: string, payload: unknown): Promise<T> {
  return getJson<T>(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
}

/** The query string shared by the area endpoints: bbox or region, match, from, to. */
export function areaParams(area: { bbox?: Bbox | null; region?: string | null }, extra: Record<string, string | number | undefined | null> = {}): string {
  const p = new URLSearchParams();
  if (area.bbox) p.set('bbox', area.bbox.join(','));
  else if (area.region) p.set('region', area.region);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return p.toString();
}

/** GET /api/density: trips per grid cell in a view (one grid level, only cells with trips). */
export type { Density, DensityCell };
