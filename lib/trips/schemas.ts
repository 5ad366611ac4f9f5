// Query-parameter schemas of the read API (one place; route handlers only call these).
import { z } from 'zod';
import { parseIsoDate } from '../geo/wall-time';
import { DEFAULT_DENSITY_CELLS, MAX_DENSITY_CELLS, MIN_DENSITY_CELLS } from './density-limits';

/** A calendar date YYYY-MM-DD within the store's years (see wall-time MIN_YEAR..MAX_YEAR). */
const isoDate = z.string().superRefine((d, ctx) => {
  const day = parseIsoDate(d);
  if (typeof day === 'string') ctx.addIssue({ code: 'custom', message: day });
});

const bbox = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim());
    const nums = parts.map(Number);
    if (parts.length !== 4 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'must be four numbers minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = nums;
    // Each checked on its own: with minLon > maxLon allowed, the order no longer implies a range.
    if ([minLon, maxLon].some((l) => l < -180 || l > 180)) ctx.addIssue({ code: 'custom', message: 'longitudes must be within -180..180' });
    if ([minLat, maxLat].some((l) => l < -90 || l > 90)) ctx.addIssue({ code: 'custom', message: 'latitudes must be within -90..90' });
    // minLon > maxLon is a box across the antimeridian (RFC 7946, section 5.2).
    if (minLat > maxLat) ctx.addIssue({ code: 'custom', message: 'minLat must not exceed maxLat' });
    return { minLon, minLat, maxLon, maxLat };
  });

const region = z.string().trim().min(1, 'must not be empty').max(200).refine((s) => !s.includes('\0'), 'must not contain NUL characters');

const area = {
  bbox: bbox.optional(),
  region: region.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};

function exactlyOneArea(v: { bbox?: unknown; region?: unknown }, ctx: z.RefinementCtx) {
  if ((v.bbox === undefined) === (v.region === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'give exactly one of bbox or region' });
  }
}

export const weeklyAverageQuery = z
  .object({ ...area, match: z.enum(['origin', 'destination', 'both']).default('origin') })
  .strict()
  .superRefine(exactlyOneArea);
export type WeeklyAverageQuery = z.infer<typeof weeklyAverageQuery>;

export const similarTripsQuery = z
  .object({
    ...area,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    precision: z.coerce.number().int().min(1).max(6).optional(),
    bucketMinutes: z.coerce.number().int().min(1).max(1440).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.bbox !== undefined && v.region !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'give at most one of bbox or region' });
    }
  });
export type SimilarTripsQuery = z.infer<typeof similarTripsQuery>;

/** minLon > maxLon: the box crosses the antimeridian (RFC 7946, section 5.2). */
export type BBox = { minLon: number; minLat: number; maxLon: number; maxLat: number };

export const densityQuery = z
  .object({
    bbox,
    match: z.enum(['origin', 'destination']).default('origin'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    maxCells: z.coerce.number().int().min(MIN_DENSITY_CELLS).max(MAX_DENSITY_CELLS).default(DEFAULT_DENSITY_CELLS),
  })
  .strict();
export type DensityQuery = z.infer<typeof densityQuery>;
