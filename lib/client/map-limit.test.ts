import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and the results in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
      peak = Math.max(peak, ++inFlight);
      await tick(x);
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it('rejects with the first failure and handles no items', async () => {
    await expect(mapLimit([1, 2, 3], 2, async (x) => (x === 2 ? Promise.reject(new Error('zone 2')) : x))).rejects.toThrow('zone 2');
    expect(await mapLimit([], 4, async (x) => x)).toEqual([]);
  });

  it('starts nothing more once aborted', async () => {
    const ctl = new AbortController();
    const started: number[] = [];
    const run = mapLimit([1, 2, 3, 4], 1, async (x) => {
      started.push(x);
      if (x === 2) ctl.abort();
      return x;
    }, ctl.signal);
    await expect(run).rejects.toThrow();
    expect(started).toEqual([1, 2]);
  });
});
