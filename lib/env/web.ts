// Environment of the web process (server.ts: Next.js + Socket.IO).
import fs from 'node:fs';
import { z } from 'zod';
import { commonEnv, parseEnv } from './common';

export const webEnvShape = {
  ...commonEnv,
  /**
   * A PostgreSQL streaming replica for the read API (weekly-average, regions, similar-trips,
   * insights). Unset: reads go to DATABASE_URL. Loads, maintenance, auth and jobs always use the
   * primary; the admin job API says when the replica has replayed a finished job.
   */
  DATABASE_READ_URL: z.string().url().optional(),
  /**
   * Trip reads (boxes, areas, similar trips, density, insights) answered at once; the others wait
   * in arrival order (lib/http/read-gate.ts); a region's weekly totals never wait. 0: no limit.
   */
  READ_CONCURRENCY: z.coerce.number().int().min(0).max(1000).default(4),
  /** HTTP port of the app (pages, API and Socket.IO). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOSTNAME: z.string().default('0.0.0.0'),
  /** Admin password for the browser login. Unset (and no ADMIN_TOKEN): a random one is made and printed once. */
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Bearer token for scripts (Authorization: Bearer <token>). */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** Secret that signs session cookies. Unset: a random one is generated once and kept in the database (app_secrets). */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Lifetime of an admin login session in hours. */
  SESSION_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(12),
  /** Failed admin logins allowed per client within LOGIN_WINDOW_SECONDS; the next attempts get 429 until the oldest failure is that old. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Window of the login rate limit in seconds (default 15 minutes). */
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(15 * 60),
  /** Reverse proxies in front of the app: the client address is taken from X-Forwarded-For only when set ("true" = 1). */
  TRUST_PROXY: z.enum(['true', 'false']).transform((v) => (v === 'true' ? 1 : 0)).or(z.coerce.number().int().min(0).max(10)).default(0),
  /** An upload that receives no data for this many seconds is abandoned (408) and its partial file removed. */
  UPLOAD_IDLE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** Most files accepted in one upload request. */
  MAX_UPLOAD_FILES: z.coerce.number().int().min(1).max(100).default(20),
  /** Largest accepted upload in bytes (default 20 GB). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(20 * 1024 ** 3),
  /** A MapLibre style URL, or "offline" for the country shapes only; unset: OpenFreeMap's public style (lib/map/basemap.ts). */
  MAP_STYLE_URL: z.union([z.literal('offline'), z.string().url()]).optional(),
  /** A PMTiles extract the app serves itself as the basemap (takes precedence over MAP_STYLE_URL). */
  MAP_PMTILES: z.string().refine((f) => fs.existsSync(f) && fs.statSync(f).isFile(), 'no such file').optional(),
};

export type WebEnv = ReturnType<typeof loadWebEnv>;
export const loadWebEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(webEnvShape, source);
