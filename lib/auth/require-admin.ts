// Admin checks for route handlers (the Next.js side of admin-auth.ts).
import { appPool } from '../db/app-db';
import { UnauthorizedError } from '../errors/domain-errors';
import { appAuthConfig, isAdminCredentials, type CredentialHeaders } from './admin-auth';

const headersOf = (req: Request): CredentialHeaders => ({ cookie: req.headers.get('cookie'), authorization: req.headers.get('authorization') });

export async function isAdmin(req: Request): Promise<boolean> {
  return isAdminCredentials(await appAuthConfig(), headersOf(req), appPool());
}

/** Route handler guard: throws UnauthorizedError unless the request carries admin credentials. */
export async function requireAdmin(req: Request): Promise<void> {
  if (!(await isAdmin(req))) throw new UnauthorizedError();
}

/** Whether cookies for this request should be marked Secure (HTTPS directly or behind a proxy). */
export function isSecureRequest(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
}
