import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { admitRead, readQueueState, resetReadGate } from './read-gate';
import { withApi } from './with-api';

const query = z.object({ region: z.string().optional(), bbox: z.string().optional() });
const calls: string[] = [];
const route = withApi({ admin: false, read: ({ query: q }) => q.region === undefined, query }, async ({ query: q }) => {
  calls.push(q.region ?? q.bbox ?? '');
  return { ok: true };
});

/** Holds the only read slot until released. */
function occupyGate() {
  let release!: () => void;
  const held = admitRead(() => new Promise<void>((r) => { release = r; }));
  return { release: () => { release(); return held; } };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('withApi read admission', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetReadGate();
    calls.length = 0;
  });

  it('queues the reads the route says are heavy and answers the light ones at once', async () => {
    vi.stubEnv('READ_CONCURRENCY', '1');
    const gate = occupyGate();
    const heavy = route(new Request('http://x/api?bbox=b'));
    const light = await route(new Request('http://x/api?region=r'));
    expect(light.status).toBe(200);
    await tick();
    expect(calls).toEqual(['r']);
    expect(readQueueState().waiting).toBe(1);
    await gate.release();
    expect((await heavy).status).toBe(200);
    expect(calls).toEqual(['r', 'b']);
  });

  it('answers 499 in JSON, without running the handler, when the client leaves while the read waits', async () => {
    vi.stubEnv('READ_CONCURRENCY', '1');
    const gate = occupyGate();
    const client = new AbortController();
    const answer = route(new Request('http://x/api?bbox=b', { signal: client.signal }));
    await tick();
    client.abort();
    const res = await answer;
    expect(res.status).toBe(499);
    expect((await res.json()).error.code).toBe('client_closed_request');
    await gate.release();
    expect(calls).toEqual([]);
  });
});
