// Typed errors of the domain and adapters. They name what went wrong (a closed set of codes, as
// in dub's API errors) and never an HTTP status: lib/http/error-response.ts maps codes to
// statuses in one place, so domain code stays free of the web.

/** Every error code an API answer can carry. */
export const ERROR_CODES = [
  'bad_request', 'invalid_parameter', 'empty_file', 'upload_aborted', 'unauthorized', 'not_found', 'upload_timeout',
  'payload_too_large', 'too_many_files', 'unsupported_media_type', 'too_many_requests', 'conflict', 'client_closed_request', 'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input, naming the parameter (message `<parameter>: <why>`, like a failed zod parse). */
export class InvalidInputError extends DomainError {
  constructor(readonly parameter: string, message: string) {
    super('invalid_parameter', `${parameter}: ${message}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request does not fit the resource's current state (e.g. deleting a failed ingestion). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'admin login required') {
    super('unauthorized', message);
  }
}

/** Too many attempts; the caller may try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('too_many_requests', message);
  }
}
