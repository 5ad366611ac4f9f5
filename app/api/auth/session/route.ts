import { session } from '@/lib/auth/login';
import { withApi } from '@/lib/http/api-error';

export const dynamic = 'force-dynamic';

export const GET = withApi((req) => session(req));
