// Input schemas of the ingestion job API (/api/ingestions).
import { z } from 'zod';

/** a job id in the path: a positive int4 */
export const jobIdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
export const jobListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
