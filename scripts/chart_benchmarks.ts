// node --import tsx scripts/chart_benchmarks.ts [--out docs/benchmark-latency.svg] [--mode realistic]
// Reads bench-results/*.json and draws, against rows in the store (log axes): API latency p50
// (solid) and p95 (dashed) per box match mode and for region queries, and ingestion rows/s
// (end to end, until queryable, psql \copy baseline). The latest run per size of one data --mode counts.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_DIR } from '../lib/bench/results';
import { logLogChart, type Series } from '../lib/bench/svg-chart';

const { values } = parseArgs({ options: {
  out: { type: 'string', default: 'docs/benchmark-latency.svg' },
  mode: { type: 'string', default: 'realistic' },
} });

interface Result { kind: string; rows: number; at: string; [k: string]: unknown }
interface QueryRow { endpoint: string; api: { p50: number; p95: number } }

/** Latest result of `kind` per row count, among those `has` accepts. */
function latest(kind: string, has: (r: Result) => boolean = () => true): Result[] {
  const byRows = new Map<number, Result>();
  for (const f of fs.existsSync(RESULTS_DIR) ? fs.readdirSync(RESULTS_DIR) : []) {
    if (!f.endsWith('.json')) continue;
    const r = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as Result;
    if (r.kind !== kind || (r.mode ?? 'realistic') !== values.mode || !has(r)) continue;
    if ((!byRows.has(r.rows) || byRows.get(r.rows)!.at < r.at)) byRows.set(r.rows, r);
  }
  return [...byRows.values()];
}

const COLORS: Record<string, string> = { origin: '#1f77b4', destination: '#d62728', both: '#2ca02c', region: '#9467bd' };
const ENDPOINTS: [string, string][] = [
  ['origin', 'weekly-average?bbox match=origin'], ['destination', 'weekly-average?bbox match=destination'],
  ['both', 'weekly-average?bbox match=both'], ['region', 'weekly-average?region'],
];

// Per endpoint, the latest run that measured it, load runs aside (their box pass is a short
// check before the load, e.g. --boxes 20).
const rowsOf = (q: Result, endpoint: string) => (q.results as QueryRow[]).filter((r) => r.endpoint === endpoint);
const latency: Series[] = ENDPOINTS.flatMap(([name, endpoint]) => (['p50', 'p95'] as const).map((p) => ({
  name: `${name} ${p}`, color: COLORS[name], dashed: p === 'p95',
  points: latest('query', (q) => !q.load && rowsOf(q, endpoint).length > 0).flatMap((q) => rowsOf(q, endpoint).map((r) => [q.rows, r.api[p]] as [number, number])),
})));

const ingests = latest('ingest');
const rate = (key: string) => ingests.map((r) => [r.rows, (r[key] as { rowsPerSecond: number }).rowsPerSecond] as [number, number]);
const ingest: Series[] = [
  { name: 'end to end', color: '#1f77b4', points: rate('endToEnd') },
  { name: 'until queryable', color: '#ff7f0e', points: rate('queryable') },
  { name: 'psql \\copy baseline', color: '#7f7f7f', dashed: true, points: rate('psqlCopy') },
];

const W = 560;
const H = 360;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W * 2}" height="${H}" viewBox="0 0 ${W * 2} ${H}">
<rect width="100%" height="100%" fill="white"/>
${logLogChart({ title: 'API latency (ms), p50 solid, p95 dashed', xLabel: 'rows in store', yLabel: 'ms', series: latency, x: 0, y: 0, width: W, height: H })}
${logLogChart({ title: 'Ingestion rows/s', xLabel: 'rows ingested', yLabel: 'rows/s', series: ingest, x: W, y: 0, width: W, height: H })}
</svg>
`;
fs.mkdirSync(path.dirname(path.resolve(values.out!)), { recursive: true });
fs.writeFileSync(values.out!, svg);
console.log(`wrote ${values.out} from ${latest('query').length} query and ${ingests.length} ingest result(s)`);
