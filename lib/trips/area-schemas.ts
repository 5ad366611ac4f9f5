// The JSON body of POST /api/weekly-average: {"origin"?: Area, "destination"?: Area, "from"?, "to"?}
// with Area = {"bbox": [w, s, e, n]} | {"polygon": GeoJSON Polygon/MultiPolygon} | {"region": name}.
// zod checks the structure; the geometry itself (rings, crossings, holes) is checked by
// lib/geo/polygon-validate.ts, which names the ring or position at fault.
import { z } from 'zod';
import { MAX_VERTICES } from '../geo/polygon-validate';
import { parseIsoDate } from '../geo/wall-time';

const isoDate = z.string().superRefine((d, ctx) => {
  const day = parseIsoDate(d);
  if (typeof day === 'string') ctx.addIssue({ code: 'custom', message: day });
});

// Bounded lengths keep a hostile body from costing more than the vertex check allows.
const position = z.array(z.number()).min(2).max(3);
// (loose: the vertex count is checked first by validateGeometry, with a clearer message)
const ring = z.array(position).max(10 * MAX_VERTICES);
const polygonCoords = z.array(ring).max(MAX_VERTICES);

const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoords }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoords).max(MAX_VERTICES) }).strict(),
]);

const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]).superRefine(([w, s, e, n], ctx) => {
  if ([w, e].some((l) => l < -180 || l > 180)) ctx.addIssue({ code: 'custom', message: 'longitudes must be within -180..180' });
  if ([s, n].some((l) => l < -90 || l > 90)) ctx.addIssue({ code: 'custom', message: 'latitudes must be within -90..90' });
  // west > east crosses the antimeridian (RFC 7946, section 5.2), as in the GET.
  if (s > n) ctx.addIssue({ code: 'custom', message: 'south must not exceed north' });
});

const region = z.string().trim().min(1, 'must not be empty').max(200).refine((s) => !s.includes('\0'), 'must not contain NUL characters');

// One object with exactly one of the three keys (not a union: errors keep their precise path).
const area = z
  .object({ bbox: bbox.optional(), polygon: geometry.optional(), region: region.optional() })
  .strict()
  .superRefine((a, ctx) => {
    const given = [a.bbox, a.polygon, a.region].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of bbox, polygon or region' });
  });

export const areaWeeklyAverageBody = z
  .object({ origin: area.optional(), destination: area.optional(), from: isoDate.optional(), to: isoDate.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.origin && !v.destination) ctx.addIssue({ code: 'custom', path: ['origin'], message: 'give origin, destination or both' });
  });

export type AreaWeeklyAverageBody = z.infer<typeof areaWeeklyAverageBody>;
export type AreaInput = NonNullable<AreaWeeklyAverageBody['origin']>;
