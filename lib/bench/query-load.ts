// Load phase of the query benchmark: C concurrent clients, each sending one request after the
// other for a fixed duration, mixing box queries (all match modes), region queries and
// similar-trips; latency percentiles per kind and the error count.
import { rng } from '../ingest/synthetic';
import { latencySummary } from './results';

export interface LoadRequest {
  kind: string;
  path: string;
}

export interface LoadResult {
  seconds: number;
  clients: number;
  requests: number;
  errors: number;
  firstErrors: string[];
  requestsPerSecond: number;
  all: ReturnType<typeof latencySummary>;
  byKind: Record<string, ReturnType<typeof latencySummary>>;
}

export async function runLoad(base: string, requests: LoadRequest[], clients: number, seconds: number): Promise<LoadResult> {
  const until = performance.now() + seconds * 1000;
  const byKind = new Map<string, number[]>();
  let errors = 0;
  const firstErrors: string[] = [];
  const client = async (id: number) => {
    const random = rng(1000 + id);
    while (performance.now() < until) {
      const r = requests[Math.floor(random() * requests.length)];
      const t0 = performance.now();
      try {
        const res = await fetch(base + r.path);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${res.status} ${r.path}`);
        const list = byKind.get(r.kind) ?? [];
        list.push(performance.now() - t0);
        byKind.set(r.kind, list);
      } catch (err) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push((err as Error).message);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsed = (performance.now() - started) / 1000;
  const all = [...byKind.values()].flat();
  return {
    seconds: +elapsed.toFixed(1), clients, requests: all.length + errors, errors, firstErrors,
    requestsPerSecond: +(all.length / elapsed).toFixed(1), all: latencySummary(all),
    byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, latencySummary(v)])),
  };
}
