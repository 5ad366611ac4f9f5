// Login / logout / session responses for the auth routes (the routes only parse and delegate).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appPool } from '../db/app-db';
import { tooManyRequests, unauthorized } from '../http/api-error';
import { appAuthConfig, checkPassword, clearedSessionCookie, endSessionOf, newSessionCookie } from './admin-auth';
import { clientAddress } from './client-address';
import { limitedLogin } from './login-limit';
import { isAdmin, isSecureRequest } from './require-admin';

export const loginBody = z.object({ password: z.string().min(1).max(1024) });

export async function login(req: Request): Promise<Response> {
  const { password } = loginBody.parse(await req.json().catch(() => ({})));
  const config = await appAuthConfig();
  const client = clientAddress(req.headers, config.trustedProxies);
  const outcome = await limitedLogin(appPool(), client, config.loginLimit, () => checkPassword(config, password));
  if (outcome.retryAfterSeconds !== null) {
    throw tooManyRequests(`too many failed logins: try again in ${outcome.retryAfterSeconds} s`, outcome.retryAfterSeconds);
  }
  if (!outcome.ok) throw unauthorized('wrong password');
  const res = NextResponse.json({ admin: true });
  res.headers.append('Set-Cookie', await newSessionCookie(config, isSecureRequest(req), appPool()));
  return res;
}

export async function logout(req: Request): Promise<Response> {
  await endSessionOf({ cookie: req.headers.get('cookie') }, appPool());
  const res = NextResponse.json({ admin: false });
  res.headers.append('Set-Cookie', clearedSessionCookie(isSecureRequest(req)));
  return res;
}

export async function session(req: Request): Promise<Response> {
  return NextResponse.json({ admin: await isAdmin(req) });
}
