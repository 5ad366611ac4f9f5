// The one place where errors become HTTP answers: each error code has its status (a closed map,
// as in dub's apps/web/lib/api/errors.ts) and the body is {"error": {"code", "message", "parameter"?}}.
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { DomainError, InvalidInputError, RateLimitedError, type ErrorCode } from '../errors/domain-errors';
import { log } from '../log';
import { printable } from './search-params';

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_parameter: 400,
  empty_file: 400,
  upload_aborted: 400,
  unauthorized: 401,
  not_found: 404,
  upload_timeout: 408,
  payload_too_large: 413,
  too_many_files: 413,
  unsupported_media_type: 415,
  conflict: 409,
  too_many_requests: 429,
  // nginx's code for a client that left before its answer: logged, never read by anyone
  client_closed_request: 499,
  internal: 500,
};

const json = (code: ErrorCode, message: string, parameter?: string, headers?: Record<string, string>) =>
  NextResponse.json(
    { error: { code, message, ...(parameter === undefined ? {} : { parameter }) } },
    { status: ERROR_STATUS[code], headers },
  );

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof DomainError) {
    const parameter = err instanceof InvalidInputError ? err.parameter : undefined;
    const headers = err instanceof RateLimitedError ? { 'Retry-After': String(err.retryAfterSeconds) } : undefined;
    return json(err.code, err.message, parameter, headers);
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    // An unknown parameter has no path of its own: name it from the issue.
    const unknown = issue?.code === 'unrecognized_keys' ? printable(issue.keys[0] ?? '') : undefined;
    const param = unknown ?? (issue?.path.join('.') || 'request');
    const message = unknown !== undefined ? 'unknown parameter' : issue?.message ?? 'invalid';
    return json('invalid_parameter', `${param}: ${message}`, param);
  }
  log.error({ err }, 'unexpected API error');
  return json('internal', 'internal server error');
}
