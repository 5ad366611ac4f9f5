// Typed API errors and the wrapper every route handler uses: each failure becomes a 4xx/5xx
// with a JSON body {"error": {"code", "message"}}.
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const unauthorized = (message = 'admin login required') => new ApiError(401, 'unauthorized', message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_requests', message, { 'Retry-After': String(retryAfterSeconds) });

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ApiError) {
    return NextResponse.json({ error: { code: err.code, message: err.message } }, { status: err.status, headers: err.headers });
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const param = issue?.path.join('.') || 'request';
    return NextResponse.json(
      { error: { code: 'invalid_parameter', message: `${param}: ${issue?.message ?? 'invalid'}`, parameter: param } },
      { status: 400 },
    );
  }
  console.error('[api] unexpected error', err);
  return NextResponse.json({ error: { code: 'internal', message: 'internal server error' } }, { status: 500 });
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

/** Query parameters as a plain object (for zod). */
export const searchParams = (req: Request) => Object.fromEntries(new URL(req.url).searchParams);
