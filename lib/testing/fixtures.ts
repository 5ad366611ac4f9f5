// Test data helpers: temp CSV files and generated trips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CSV_HEADER, tripLineGenerator, type GeneratorOptions } from '../ingest/synthetic';

export const SAMPLE_CSV = path.resolve(process.cwd(), 'data', 'sample-trips.csv');

const made: string[] = [];

/** A fresh temporary folder, removed once the test file is done (temp-cleanup.ts). */
export function tempDir(prefix = 'trip-atlas-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders tempDir made so far (in this module instance: one test file's). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function writeCsv(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function generateCsv(dir: string, name: string, rows: number, opts: Partial<GeneratorOptions> = {}): string {
  const next = tripLineGenerator({ seed: 1, regions: 4, start: '2018-01-01', days: 70, hotspots: 6, spread: 0.008, ...opts });
  const lines = [CSV_HEADER];
  for (let i = 0; i < rows; i++) lines.push(next());
  return writeCsv(dir, name, lines.join('\n') + '\n');
}
