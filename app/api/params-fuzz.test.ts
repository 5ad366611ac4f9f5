// Hostile query parameters against every GET route, in-process: random strings and bytes,
// broken percent-encodings, NUL, huge and non-finite numbers, repeated and unknown parameters,
// very long values. Never a 5xx; every 4xx is JSON {"error": {code, message}} naming a parameter.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_CSV } from '@/lib/testing/fixtures';
import { ingest } from '@/lib/testing/ingest';
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-database';
import { GET as weeklyAverage } from './weekly-average/route';
import { GET as similarTrips } from './similar-trips/route';
import { GET as regions } from './regions/route';
import { GET as density } from './density/route';
import { GET as insights } from './insights/route';
import { GET as session } from './auth/session/route';
import { GET as ingestions } from './ingestions/route';
import { GET as ingestion } from './ingestions/[id]/route';
import { GET as rejects } from './ingestions/[id]/rejects/route';

const TOKEN = 'fuzz-admin-token-0123456789';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  process.env.DATABASE_URL = db.url;
  process.env.ADMIN_TOKEN = TOKEN;
  await ingest(db.url, SAMPLE_CSV);
});
afterAll(async () => {
  delete process.env.ADMIN_TOKEN;
  await db?.drop();
});

const RUNS = 250;
const SEED = 20240608;

const HOSTILE = [
  '', ' ', '\0', 'Prague\0', '%00', '%C3%28', '%FF', '%E2%82', '%', '%%', '%zz', '+', '&', '=', '#', '?',
  '1e309', '-1e309', 'NaN', 'Infinity', '-Infinity', '99999999999', '-99999999999', '2147483648', '0', '-0', '1.5',
  '0x10', '1e3', '9'.repeat(400), 'x'.repeat(10_000), '0001-01-01', '9999-12-31', '1000-01-01', '2018-02-30',
  '10000-01-01', '-2018-01-01', '2018-1-1', '1,2,3', '1,2,3,4,5', 'NaN,NaN,NaN,NaN',
  '181,0,182,1', '0,-91,1,0', '__proto__', 'constructor', '\u202e', '\ud83d\ude00', 'Ｐｒａｇｕｅ',
];

/** A value as it appears in the query string: percent-encoded text, raw bytes, or raw text. */
const encodedValue = fc.oneof(
  fc.constantFrom(...HOSTILE).map(encodeURIComponent),
  fc.constantFrom(...HOSTILE.filter((v) => v.includes('%'))), // already percent-encoded, possibly invalid UTF-8
  fc.string({ unit: 'binary', maxLength: 40 }).map(safeEncode),
  fc.uint8Array({ maxLength: 24 }).map((bytes) => [...bytes].map((b) => '%' + b.toString(16).padStart(2, '0')).join('')),
  fc.string({ maxLength: 40 }), // unencoded printable ASCII, & = # % included
);

function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')); // a lone surrogate cannot be sent
  }
}

type Route = (req: Request, ctx: never) => Promise<Response>;

interface Spec {
  name: string;
  handler: Route;
  /** parameters the route knows, each with values it accepts (so fuzzing reaches past validation) */
  params: Record<string, string[]>;
  headers?: Record<string, string>;
}

const AREA = { bbox: ['14.35,50.0,14.55,50.12', '170,-20,-170,-10'], region: ['Prague', 'turin'], from: ['2018-05-01'], to: ['2018-06-01'] };
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const SPECS: Spec[] = [
  { name: 'weekly-average', handler: weeklyAverage as Route, params: { ...AREA, match: ['origin', 'destination', 'both'] } },
  { name: 'similar-trips', handler: similarTrips as Route, params: { ...AREA, limit: ['5'], precision: ['4'], bucketMinutes: ['120'] } },
  { name: 'density', handler: density as Route, params: { bbox: AREA.bbox, from: AREA.from, to: AREA.to, match: ['origin', 'destination'], maxCells: ['32', '20000'] } },
  { name: 'regions', handler: regions as Route, params: {} },
  { name: 'insights', handler: insights as Route, params: {} },
  { name: 'auth/session', handler: session as Route, params: {} },
  { name: 'ingestions', handler: ingestions as Route, params: { limit: ['10'] }, headers: ADMIN },
];

/** A query string: each known parameter absent, valid, hostile or repeated, plus maybe unknown ones. */
function queryOf(spec: Spec) {
  const names = Object.keys(spec.params);
  const one = (name: string) => fc.oneof(
    { weight: 2, arbitrary: fc.constant<string[]>([]) },
    { weight: 2, arbitrary: fc.constantFrom(...spec.params[name]).map((v) => [encodeURIComponent(v)]) },
    { weight: 3, arbitrary: encodedValue.map((v) => [v]) },
    { weight: 1, arbitrary: fc.array(encodedValue, { minLength: 2, maxLength: 3 }) },
  ).map((values) => values.map((v) => `${encodeURIComponent(name)}=${v}`));
  const unknown = fc.array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'a%00b', 'BBOX', 'region%20', '%FF'), fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent)), encodedValue), { maxLength: 2 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`));
  return fc.tuple(fc.tuple(...names.map(one)), unknown).map(([known, extra]) => [...known.flat(), ...extra].join('&'));
}

/** Names the query string gives (decoded as the server decodes them), as they may appear in a message. */
function givenNames(query: string): string[] {
  return [...new URLSearchParams(query).keys()].map((k) => JSON.stringify(k.length > 100 ? k.slice(0, 100) + '...' : k).slice(1, -1));
}

async function expectNamedError(res: Response, names: string[], context: string) {
  expect(res.status, context).toBeLessThan(500);
  if (res.status < 400) return;
  const body = await res.json();
  expect(typeof body.error?.code, context).toBe('string');
  expect(typeof body.error?.message, context).toBe('string');
  if (res.status === 401) return; // not about a parameter
  expect(names.some((n) => body.error.message.includes(n)), `${context}: ${body.error.message}`).toBe(true);
}

describe('every GET route survives hostile query parameters', () => {
  it.each(SPECS.map((s) => [s.name, s] as const))('%s', async (_name, spec) => {
    await fc.assert(
      fc.asyncProperty(queryOf(spec), async (query) => {
        const req = new Request(`http://test/api/${spec.name}?${query}`, { headers: spec.headers });
        const res = await spec.handler(req, undefined as never);
        await expectNamedError(res, [...Object.keys(spec.params), ...givenNames(query)], query);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it.each([['ingestions/:id', ingestion], ['ingestions/:id/rejects', rejects]] as const)('%s with hostile ids', async (name, handler) => {
    const id = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 30 }), fc.integer().map(String), fc.double().map(String));
    await fc.assert(
      fc.asyncProperty(id, async (raw) => {
        const res = await (handler as Route)(new Request(`http://test/api/${name}`, { headers: ADMIN }), { params: Promise.resolve({ id: raw }) } as never);
        await expectNamedError(res, ['id', 'ingestion job'], JSON.stringify(raw));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('the reported cases', () => {
  it.each([
    ['weekly-average', 'region=Prague%00', 'region'],
    ['similar-trips', 'region=Prague%00', 'region'],
    ['weekly-average', 'region=Prague&region=Turin', 'region'],
    ['weekly-average', 'region=Prague&fr%00om=2018-01-01', 'fr\\u0000om'],
    ['similar-trips', 'limit=1e309', 'limit'],
    ['similar-trips', 'bucketMinutes=NaN', 'bucketMinutes'],
  ])('%s?%s answers 400 naming %s', async (name, query, param) => {
    const handler = (name === 'weekly-average' ? weeklyAverage : similarTrips) as Route;
    const res = await handler(new Request(`http://test/api/${name}?${query}`), undefined as never);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.message.startsWith(`${param}: `), body.error.message).toBe(true);
    expect(body.error.parameter).toBe(param);
  });

  it('an id beyond int4 is a 400 naming id, not a database error', async () => {
    const res = await (ingestion as Route)(new Request('http://test/api/ingestions/99999999999', { headers: ADMIN }), { params: Promise.resolve({ id: '99999999999' }) } as never);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^id: /);
  });
});
