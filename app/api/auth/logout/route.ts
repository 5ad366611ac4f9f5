import { logout } from '@/lib/auth/login';
import { withApi } from '@/lib/http/with-api';

export const dynamic = 'force-dynamic';

export const POST = withApi({ admin: false }, ({ req }) => logout(req));
