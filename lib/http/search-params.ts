// Query parameters as a plain object for zod, refusing what zod cannot see.
import { InvalidInputError } from '../errors/domain-errors';

/** A parameter name fit for an error message (control characters escaped, length bounded). */
export function printable(s: string): string {
  return JSON.stringify(s.length > 100 ? s.slice(0, 100) + '...' : s).slice(1, -1);
}

/**
 * A parameter given twice is ambiguous, and PostgreSQL cannot hold a NUL character in text:
 * both are refused here, naming the parameter.
 */
export function searchParams(req: Request): Record<string, string> {
  const params = new Map<string, string>(); // a Map, so a key like "__proto__" stays a key
  for (const [key, value] of new URL(req.url).searchParams) {
    const name = printable(key);
    if (key.includes('\0')) throw new InvalidInputError(name, 'parameter names must not contain NUL characters');
    if (params.has(key)) throw new InvalidInputError(name, 'given more than once');
    if (value.includes('\0')) throw new InvalidInputError(name, 'must not contain NUL characters');
    params.set(key, value);
  }
  return Object.fromEntries(params);
}
