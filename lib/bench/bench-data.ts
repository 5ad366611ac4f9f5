// Benchmark input files: data/bench-<mode>-<rows>.csv (or -001.csv ... for --files K), made by
// the generator on first use and reused afterwards (they are git-ignored).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { outputPaths } from './csv-sinks';

const ROOT = path.resolve(import.meta.dirname, '../..');

function benchCsvPaths(rows: number, files: number, mode: string, seed = 42): string[] {
  const suffix = seed === 42 ? '' : `-s${seed}`;
  return outputPaths(path.join(ROOT, 'data', `bench-${mode}-${rows}${suffix}.csv`), files);
}

/** Generates the files unless all exist already; returns their paths. */
export function ensureBenchCsv(rows: number, files: number, mode: string, seed = 42): string[] {
  const paths = benchCsvPaths(rows, files, mode, seed);
  if (paths.every((p) => fs.existsSync(p))) return paths;
  // Generate into a scratch folder and move into place: an interrupted run leaves no short file.
  fs.mkdirSync(path.join(ROOT, 'data'), { recursive: true });
  const scratch = fs.mkdtempSync(path.join(ROOT, 'data', '.generating-'));
  try {
    const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/generate_data.ts'),
      '--rows', String(rows), '--files', String(files), '--mode', mode, '--seed', String(seed), '--output', path.join(scratch, path.basename(paths[0]).replace(/-001\.csv$/, '.csv'))],
    { cwd: ROOT, stdio: 'inherit' });
    if (res.status !== 0) throw new Error('generation failed');
    for (const p of paths) fs.renameSync(path.join(scratch, path.basename(p)), p);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return paths;
}
