// Environment of the web process (server.ts: Next.js + Socket.IO).
import { z } from 'zod';
import { commonEnv, parseEnv } from './common';

export const webEnvShape = {
  ...commonEnv,
  /** HTTP port of the app (pages, API and Socket.IO). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOSTNAME: z.string().default('0.0.0.0'),
  /** Admin password for the browser login. Unset (and no ADMIN_TOKEN): a random one is made and printed once. */
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Bearer token for scripts (Authorization: Bearer <token>). */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** Secret that signs session cookies. Unset: random per start (sessions end on restart). */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Largest accepted upload in bytes (default 20 GB). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(20 * 1024 ** 3),
  /** Optional remote MapLibre style URL; the offline basemap is used when unset or when it fails. */
  MAP_STYLE_URL: z.string().url().optional(),
};

export type WebEnv = ReturnType<typeof loadWebEnv>;
export const loadWebEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(webEnvShape, source);
