// Runs the real ingestion CLI (`scripts/ingest.ts --json`) as a child process against one
// database: wall time from spawn to exit (end to end, process start included), peak RSS of the
// process tree, and the CLI's per-file JSON results.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sampleTreeRss } from './process-rss';

export interface CliFileResult {
  file: string;
  status: string;
  rowsTotal: number;
  rowsIngested: number;
  rowsRejected: number;
  seconds: number;
  queryableSeconds?: number;
  error?: string;
}

export interface CliRun {
  wallSeconds: number;
  peakRssBytes: number;
  exitCode: number | null;
  files: CliFileResult[];
  /** the CLI's maintenance after the files (compaction, rollups, organising, reclaim, ANALYZE) */
  maintenanceSeconds: number | null;
  stderrTail: string;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export function runIngestCli(databaseUrl: string, files: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/ingest.ts'), '--json', ...files], {
    cwd: ROOT, env: { ...process.env, ...env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rss = sampleTreeRss(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const peakRssBytes = rss.stop();
      // one JSON line per file, then { maintenance }
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const results = lines.filter((r): r is CliFileResult & Record<string, unknown> => 'file' in r);
      const maintenance = lines.find((l) => 'maintenance' in l)?.maintenance as { seconds: number } | undefined;
      resolve({ wallSeconds, peakRssBytes, exitCode, files: results, maintenanceSeconds: maintenance?.seconds ?? null, stderrTail: stderr });
    });
  });
}
