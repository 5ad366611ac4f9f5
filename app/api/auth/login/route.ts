import { login, loginBody } from '@/lib/auth/login';
import { withApi } from '@/lib/http/with-api';

export const dynamic = 'force-dynamic';

export const POST = withApi({ admin: false, body: loginBody }, ({ req, body }) => login(req, body.password));
