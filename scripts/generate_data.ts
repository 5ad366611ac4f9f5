// npm run generate -- --rows 1000000 --output data/synthetic.csv [--seed 42] [--regions 10]
//   [--start 2018-04-02] [--days 91] [--hotspots 40] [--spread 0.003]
// Writes a seeded synthetic trips CSV in the challenge format, with a progress bar.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { CSV_HEADER, tripLineGenerator } from '../lib/ingest/synthetic';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    output: { type: 'string', default: 'data/synthetic.csv' },
    seed: { type: 'string', default: '42' },
    regions: { type: 'string', default: '10' },
    start: { type: 'string', default: '2018-04-02' },
    days: { type: 'string', default: '91' },
    hotspots: { type: 'string', default: '40' },
    spread: { type: 'string', default: '0.003' },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 0) throw new Error('--rows must be a whole number');
const next = tripLineGenerator({
  seed: Number(values.seed), regions: Number(values.regions), start: values.start!,
  days: Number(values.days), hotspots: Number(values.hotspots), spread: Number(values.spread),
});
fs.mkdirSync(path.dirname(path.resolve(values.output!)), { recursive: true });
const out = fs.createWriteStream(values.output!);
const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
bar?.start(rows, 0);
out.write(CSV_HEADER + '\n');
const started = performance.now();
for (let done = 0; done < rows; ) {
  const lines: string[] = [];
  const n = Math.min(10_000, rows - done);
  for (let i = 0; i < n; i++) lines.push(next());
  done += n;
  if (!out.write(lines.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  bar?.update(done);
}
await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
bar?.stop();
console.log(`wrote ${rows} rows to ${values.output} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
