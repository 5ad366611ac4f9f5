// Which client a request comes from, for the login rate limit. server.ts stamps every request
// with the socket's remote address (overwriting any such header the client sent). Behind
// reverse proxies (TRUST_PROXY = how many), the client is the address the outermost trusted
// proxy saw: that many entries from the right of X-Forwarded-For (entries further left are
// whatever the client claimed).
export const CLIENT_ADDRESS_HEADER = 'x-trip-atlas-client-address';

export function clientAddress(headers: Headers, trustedProxies: number): string {
  const remote = headers.get(CLIENT_ADDRESS_HEADER) || 'unknown';
  if (trustedProxies <= 0) return remote;
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return chain[chain.length - trustedProxies] ?? chain[0] ?? remote;
}
