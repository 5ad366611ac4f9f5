// Shared bits of the benchmark scripts: percentiles, number formatting, and the JSON result
// files in bench-results/ (committed, small) that scripts/chart_benchmarks.ts draws.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../bench-results');

/** Nearest-rank percentile of `xs` (p in 0-100). */
function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function latencySummary(ms: number[]): { n: number; p50: number; p95: number; p99: number } {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: ms.length, p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), p99: r(percentile(ms, 99)) };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Writes bench-results/<kind>-<rows>-<timestamp>.json; returns its path. */
export function writeResult(kind: string, rows: number, result: object): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(RESULTS_DIR, `${kind}-${rows}-${stamp}.json`);
  const machine = { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1024 ** 3), node: process.version, loadAverage: os.loadavg().map((l) => +l.toFixed(2)) };
  fs.writeFileSync(file, JSON.stringify({ kind, rows, at: new Date().toISOString(), machine, ...result }, null, 2) + '\n');
  return file;
}
