import { isAdmin } from '@/lib/auth/require-admin';
import { withApi } from '@/lib/http/with-api';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false }, async ({ req }) => ({ admin: await isAdmin(req) }));
