// npm run generate -- [--rows 1000000] [--output data/synthetic.csv] [--files 1] [--seed 42]
//   [--mode realistic|clustered] [--regions 10] [--start 2018-01-01] [--days 365]
//   clustered only: [--hotspots 40] [--spread 0.003]
// Writes seeded synthetic trips in the challenge format. realistic (default): random order over a
// year, cities on every continent, points kilometres around several centres per city.
// clustered: the older generator (a dozen tight hotspots per city, one quarter).
// --files K deals rows at random to out-001.csv ... out-00K.csv (each a random subset with its
// own header); the same seed gives the same rows whatever K is.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { CsvSinks, outputPaths } from '../lib/bench/csv-sinks';
import { CSV_HEADER, rng, tripLineGenerator } from '../lib/ingest/synthetic';
import { MAX_ROW_BYTES, RealisticGenerator } from '../lib/ingest/synthetic-realistic';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    output: { type: 'string', default: 'data/synthetic.csv' },
    files: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'realistic' },
    seed: { type: 'string', default: '42' },
    regions: { type: 'string', default: '10' },
    start: { type: 'string' },
    days: { type: 'string' },
    hotspots: { type: 'string', default: '40' },
    spread: { type: 'string', default: '0.003' },
  },
});

const whole = (name: string, v: string | undefined, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}`);
  return n;
};
const mode = values.mode;
if (mode !== 'realistic' && mode !== 'clustered') throw new Error('--mode must be realistic or clustered');
const rows = whole('rows', values.rows, 0);
const files = whole('files', values.files, 1);
const seed = whole('seed', values.seed, 0);
const regions = whole('regions', values.regions, 1);
const start = values.start ?? (mode === 'realistic' ? '2018-01-01' : '2018-04-02');
const days = whole('days', values.days ?? (mode === 'realistic' ? '365' : '91'), 1);

/** Writes one row into `buf` at `pos`, returns the end. */
type RowWriter = (buf: Buffer, pos: number) => number;

function rowWriter(): RowWriter {
  if (mode === 'realistic') {
    const gen = new RealisticGenerator({ seed, regions, start, days });
    return (buf, pos) => gen.writeRow(buf, pos);
  }
  const next = tripLineGenerator({ seed, regions, start, days, hotspots: Number(values.hotspots), spread: Number(values.spread) });
  return (buf, pos) => {
    pos += buf.write(next(), pos);
    buf[pos] = 10;
    return pos + 1;
  };
}

const paths = outputPaths(values.output!, files);
const sinks = new CsvSinks(paths, CSV_HEADER, MAX_ROW_BYTES);
const write = rowWriter();
const deal = rng(seed ^ 0x5eed); // own stream: dealing never changes the rows themselves
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ format: 'generate [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta}s', stream: process.stderr }, cliProgress.Presets.shades_classic)
  : null;
bar?.start(rows, 0, { rate: 0 });
const started = performance.now();
const BATCH = 65_536;
for (let done = 0; done < rows; ) {
  const n = Math.min(BATCH, rows - done);
  for (let i = 0; i < n; i++) {
    const f = files === 1 ? 0 : (deal() * files) | 0;
    const sink = sinks.target(f);
    const waiting = sinks.advance(f, write(sink.buf, sink.pos));
    if (waiting) await waiting;
  }
  done += n;
  bar?.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) });
}
await sinks.close();
bar?.stop();
const seconds = (performance.now() - started) / 1000;
console.log(`wrote ${rows} ${mode} rows (${(sinks.bytesWritten / 1024 ** 2).toFixed(1)} MB) to ${files === 1 ? paths[0] : `${paths[0]} ... ${paths[files - 1]}`} in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)`);
