import { afterEach, describe, expect, it, vi } from 'vitest';
import { admitRead, ClientGoneError, readQueueState, resetReadGate } from './read-gate';
import { errorResponse } from './error-response';

/** A read that runs until released, recording when it starts. */
function heldRead(started: number[], id: number) {
  let release!: () => void;
  const done = new Promise<void>((r) => { release = r; });
  const work = async () => {
    started.push(id);
    await done;
    return id;
  };
  return { work, release };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('read gate', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetReadGate();
  });

  it('runs at most READ_CONCURRENCY reads at once and admits the others in arrival order', async () => {
    vi.stubEnv('READ_CONCURRENCY', '2');
    const started: number[] = [];
    const reads = [0, 1, 2, 3, 4].map((id) => heldRead(started, id));
    const answers = reads.map((r) => admitRead(r.work));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(readQueueState()).toEqual({ running: 2, waiting: 3 });
    reads[1].release();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    reads[0].release();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const r of reads) r.release();
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4]);
    expect(readQueueState()).toEqual({ running: 0, waiting: 0 });
  });

  it('drops a waiting read whose client leaves, and never runs it', async () => {
    vi.stubEnv('READ_CONCURRENCY', '1');
    const started: number[] = [];
    const first = heldRead(started, 0);
    const gone = heldRead(started, 1);
    const client = new AbortController();
    const a = admitRead(first.work);
    const b = admitRead(gone.work, client.signal);
    await tick();
    client.abort();
    await expect(b).rejects.toBeInstanceOf(ClientGoneError);
    expect(readQueueState().waiting).toBe(0);
    first.release();
    expect(await a).toBe(0);
    expect(started).toEqual([0]);
    const answer = errorResponse(new ClientGoneError());
    expect(answer.status).toBe(499);
    expect((await answer.json()).error.code).toBe('client_closed_request');
  });

  it('does not start a read whose client has already left', async () => {
    vi.stubEnv('READ_CONCURRENCY', '1');
    const work = vi.fn(async () => 1);
    await expect(admitRead(work, AbortSignal.abort())).rejects.toBeInstanceOf(ClientGoneError);
    expect(work).not.toHaveBeenCalled();
  });

  it('passes a failing read on as it failed, and admits the next', async () => {
    vi.stubEnv('READ_CONCURRENCY', '1');
    await expect(admitRead(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await admitRead(async () => 2)).toBe(2);
  });

  it('has no limit with READ_CONCURRENCY=0', async () => {
    vi.stubEnv('READ_CONCURRENCY', '0');
    const started: number[] = [];
    const reads = [0, 1, 2, 3, 4, 5].map((id) => heldRead(started, id));
    const answers = reads.map((r) => admitRead(r.work));
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of reads) r.release();
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
