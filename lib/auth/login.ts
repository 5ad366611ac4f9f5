// Login / logout / session responses for the auth routes (the routes only parse and delegate).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { unauthorized } from '../http/api-error';
import { appAuthConfig, checkPassword, clearedSessionCookie, newSessionCookie } from './admin-auth';
import { isAdmin, isSecureRequest } from './require-admin';

export const loginBody = z.object({ password: z.string().min(1).max(1024) });

export async function login(req: Request): Promise<Response> {
  const { password } = loginBody.parse(await req.json().catch(() => ({})));
  const config = await appAuthConfig();
  if (!checkPassword(config, password)) throw unauthorized('wrong password');
  const res = NextResponse.json({ admin: true });
  res.headers.append('Set-Cookie', newSessionCookie(config, isSecureRequest(req)));
  return res;
}

export function logout(req: Request): Response {
  const res = NextResponse.json({ admin: false });
  res.headers.append('Set-Cookie', clearedSessionCookie(isSecureRequest(req)));
  return res;
}

export async function session(req: Request): Promise<Response> {
  return NextResponse.json({ admin: await isAdmin(req) });
}
