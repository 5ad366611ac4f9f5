// Client-side types and fetchers for the Trip Atlas HTTP API. Every non-2xx answer becomes an
// ApiError carrying the server's {"error": {code, message, parameter}} body when there is one.
export type Bbox = [number, number, number, number];
export type Match = 'origin' | 'destination' | 'both';

export interface WeeklyPoint {
  weekStart: string;
  trips: number;
}

export interface WeeklyAverage {
  area: { bbox: Bbox } | { region: string };
  match: Match;
  from: string;
  to: string;
  weeks: number;
  totalTrips: number;
  weeklyAverage: number;
  series: WeeklyPoint[];
}

export interface Region {
  id: number;
  name: string;
  trips: number;
  bbox: Bbox | null;
  firstTrip: string | null;
  lastTrip: string | null;
}

export interface Cell {
  geohash: string;
  center: [number, number];
  bbox: Bbox;
}

export interface SimilarGroup {
  origin: Cell;
  destination: Cell;
  bucket: { label: string; start: string; end: string };
  trips: number;
  region: string;
}

export interface SimilarTrips {
  precision: number;
  bucketMinutes: number;
  groups: SimilarGroup[];
}

export interface Insights {
  topRegions: string[];
  latestDatasource: { datasource: string; region: string; at: string } | null;
  latestPerRegion: { region: string; datasource: string; at: string }[];
  cheapMobileRegions: string[];
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'duplicate';

export interface IngestionJob {
  id: number;
  fileName: string;
  status: JobStatus;
  stage: string | null;
  sizeBytes: number | null;
  bytesDone: number | null;
  rowsTotal: number | null;
  rowsIngested: number | null;
  rowsRejected: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
}

export interface JobProgress {
  jobId: number;
  file: string;
  status: JobStatus;
  stage: string;
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  rowsIngested: number;
  rowsRejected: number;
  rowsPerSecond: number;
  seconds: number;
  error?: string;
}

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
