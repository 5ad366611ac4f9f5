// Login and logout for the auth routes: the password check behind the login limit, and the
// session cookie set or cleared (plain web Responses, so the routes only declare and delegate).
import { z } from 'zod';
import { appPool } from '../db/app-db';
import { RateLimitedError, UnauthorizedError } from '../errors/domain-errors';
import { appAuthConfig, checkPassword, clearedSessionCookie, endSessionOf, newSessionCookie } from './admin-auth';
import { clientAddress } from './client-address';
import { limitedLogin } from './login-limit';
import { isSecureRequest } from './require-admin';

export const loginBody = z.object({ password: z.string().min(1).max(1024) });

export async function login(req: Request, password: string): Promise<Response> {
  const config = await appAuthConfig();
  const client = clientAddress(req.headers, config.trustedProxies);
  const outcome = await limitedLogin(appPool(), client, config.loginLimit, () => checkPassword(config, password));
  if (outcome.retryAfterSeconds !== null) {
    throw new RateLimitedError(`too many failed logins: try again in ${outcome.retryAfterSeconds} s`, outcome.retryAfterSeconds);
  }
  if (!outcome.ok) throw new UnauthorizedError('wrong password');
  const res = Response.json({ admin: true });
  res.headers.append('Set-Cookie', await newSessionCookie(config, isSecureRequest(req), appPool()));
  return res;
}

export async function logout(req: Request): Promise<Response> {
  await endSessionOf({ cookie: req.headers.get('cookie') }, appPool());
  const res = Response.json({ admin: false });
  res.headers.append('Set-Cookie', clearedSessionCookie(isSecureRequest(req)));
  return res;
}
