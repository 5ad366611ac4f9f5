// Typed API errors and the wrapper every route handler uses: each failure becomes a 4xx/5xx
// with a JSON body {"error": {"code", "message"}}.
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly parameter?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
/** A 400 naming the offending parameter, shaped like the answer to a failed zod parse. */
export const invalidParameter = (parameter: string, message: string) =>
  new ApiError(400, 'invalid_parameter', `${parameter}: ${message}`, parameter);
export const unauthorized = (message = 'admin login required') => new ApiError(401, 'unauthorized', message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_requests', message, undefined, { 'Retry-After': String(retryAfterSeconds) });

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ApiError) {
    const parameter = err.parameter === undefined ? {} : { parameter: err.parameter };
    return NextResponse.json({ error: { code: err.code, message: err.message, ...parameter } }, { status: err.status, headers: err.headers });
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    // An unknown parameter has no path of its own: name it from the issue.
    const unknown = issue?.code === 'unrecognized_keys' ? printable(issue.keys[0] ?? '') : undefined;
    const param = unknown ?? (issue?.path.join('.') || 'request');
    const message = unknown !== undefined ? 'unknown parameter' : issue?.message ?? 'invalid';
    return NextResponse.json(
      { error: { code: 'invalid_parameter', message: `${param}: ${message}`, parameter: param } },
      { status: 400 },
    );
  }
  console.error('[api] unexpected error', err);
  return NextResponse.json({ error: { code: 'internal', message: 'internal server error' } }, { status: 500 });
}

/** A parameter name fit for an error message (control characters escaped, length bounded). */
function printable(s: string): string {
  return JSON.stringify(s.length > 100 ? s.slice(0, 100) + '...' : s).slice(1, -1);
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Wraps a route handler so thrown ApiError / ZodError / anything else become JSON errors. */
export function withApi<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * Query parameters as a plain object (for zod). A parameter given twice is ambiguous, and
 * PostgreSQL cannot hold a NUL character in text: both are refused here, naming the parameter.
 */
export function searchParams(req: Request): Record<string, string> {
  const params = new Map<string, string>(); // a Map, so a key like "__proto__" stays a key
  for (const [key, value] of new URL(req.url).searchParams) {
    const name = printable(key);
    if (key.includes('\0')) throw invalidParameter(name, 'parameter names must not contain NUL characters');
    if (params.has(key)) throw invalidParameter(name, 'given more than once');
    if (value.includes('\0')) throw invalidParameter(name, 'must not contain NUL characters');
    params.set(key, value);
  }
  return Object.fromEntries(params);
}
