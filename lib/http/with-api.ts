// The declarative wrapper every route under app/api uses (the shape of formbricks' v2
// api-wrapper): the route states whether it needs an admin and the zod schemas of its query,
// path params and JSON body; the wrapper checks and parses them in that order, calls the
// handler with typed input and turns anything thrown into the JSON error answer. A handler
// returns a Response as it is, or any other value as a 200 JSON body.
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { requireAdmin } from '../auth/require-admin';
import { errorResponse } from './error-response';
import { admitRead } from './read-gate';
import { searchParams } from './search-params';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiSpec<Q extends Schema, P extends Schema, B extends Schema> {
  /** requires the admin session cookie or the bearer token (401 otherwise), checked first */
  admin: boolean;
  /**
   * a read of the trips: waits for its turn in the read queue (read-gate.ts) once its input is
   * parsed; a function says it for each input (false: an answer cheap whatever the store's size,
   * such as a region's totals, which need not wait behind heavy ones)
   */
  read?: boolean | ((input: { query: Parsed<Q>; params: Parsed<P>; body: Parsed<B> }) => boolean);
  query?: Q;
  params?: P;
  body?: B;
}

export interface ApiInput<Q extends Schema, P extends Schema, B extends Schema> {
  req: Request;
  query: Parsed<Q>;
  params: Parsed<P>;
  body: Parsed<B>;
}

/** Next.js's second argument of a route handler (dynamic segments arrive as a promise). */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export function withApi<Q extends Schema = undefined, P extends Schema = undefined, B extends Schema = undefined>(
  spec: ApiSpec<Q, P, B>,
  handler: (input: ApiInput<Q, P, B>) => Promise<unknown>,
): (req: Request, ctx?: RouteContext) => Promise<Response> {
  return async (req, ctx) => {
    try {
      if (spec.admin) await requireAdmin(req);
      const query = spec.query?.parse(searchParams(req));
      const params = spec.params?.parse(await ctx?.params);
      const body = spec.body?.parse(await req.json().catch(() => ({})));
      const input = { req, query, params, body } as ApiInput<Q, P, B>;
      const run = () => handler(input);
      const queued = typeof spec.read === 'function' ? spec.read(input) : spec.read;
      const result = queued ? await admitRead(run, req.signal) : await run();
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
