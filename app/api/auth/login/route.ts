import { login } from '@/lib/auth/login';
import { withApi } from '@/lib/http/api-error';

export const dynamic = 'force-dynamic';

export const POST = withApi((req) => login(req));
