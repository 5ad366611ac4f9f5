// The ingestion baseline: the same rows, already normalised to the store's 7 columns (region id,
// four float8 coordinates, timestamp, datasource id), loaded with `psql \copy` into one plain
// unpartitioned table. Normalising is not timed; only the \copy is.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { withClient } from './bench-database';

const TABLE = 'bench_copy_baseline';

/** Splits `POINT (lon lat)` into its two number texts (kept as text: no re-formatting). */
function pointParts(wkt: string): [string, string] {
  const parts = wkt.slice(wkt.indexOf('(') + 1, wkt.lastIndexOf(')')).trim().split(/\s+/);
  if (parts.length !== 2) throw new Error(`unexpected point ${wkt}`);
  return [parts[0], parts[1]];
}

class LineNormaliser {
  private readonly regions = new Map<string, number>();
  private readonly sources = new Map<string, number>();
  private columns: number[] | null = null;
  rows = 0;

  /** One CSV line -> one COPY text line; the header sets the column order. */
  line(line: string): string {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!line) return '';
    if (line.includes('"')) throw new Error('quoted CSV fields are not supported by the baseline normaliser');
    const f = line.split(',');
    if (!this.columns) {
      const header = f.map((h) => h.trim().toLowerCase().replace(/^\ufeff/, ''));
      this.columns = ['region', 'origin_coord', 'destination_coord', 'datetime', 'datasource'].map((c) => header.indexOf(c));
      if (this.columns.includes(-1)) throw new Error(`missing columns in header ${line}`);
      return '';
    }
    const [r, o, d, t, s] = this.columns.map((i) => f[i]);
    const [olon, olat] = pointParts(o);
    const [dlon, dlat] = pointParts(d);
    this.rows++;
    return `${idOf(this.regions, r.toLowerCase())}\t${olon}\t${olat}\t${dlon}\t${dlat}\t${t}\t${idOf(this.sources, s)}\n`;
  }

  reset(): void {
    this.columns = null; // each file has its own header
  }
}

function idOf(ids: Map<string, number>, name: string): number {
  let id = ids.get(name);
  if (id === undefined) ids.set(name, (id = ids.size + 1));
  return id;
}

/** Writes the pre-normalised COPY text file for all `files`; returns its row count. */
export async function writeNormalised(files: string[], out: string): Promise<number> {
  const norm = new LineNormaliser();
  const sink = fs.createWriteStream(out);
  for (const file of files) {
    norm.reset();
    let rest = '';
    for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 4 << 20 })) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      let text = '';
      for (const l of lines) text += norm.line(l);
      if (!sink.write(text)) await once(sink, 'drain');
    }
    sink.write(norm.line(rest));
  }
  await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return norm.rows;
}

/** Creates the plain table and times `psql -c "\copy ..."` of the normalised file. */
export async function psqlCopy(databaseUrl: string, normalised: string): Promise<{ seconds: number; rows: number }> {
  await withClient(databaseUrl, (c) => c.query(`DROP TABLE IF EXISTS ${TABLE}; CREATE TABLE ${TABLE} (
    region_id int2, origin_lon float8, origin_lat float8, dest_lon float8, dest_lat float8, started_at timestamp, datasource_id int2)`));
  const command = `\\copy ${TABLE} FROM '${normalised.replace(/'/g, "''")}'`;
  const started = performance.now();
  const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  psql.stdout.on('data', (d) => (output += d));
  psql.stderr.on('data', (d) => (output += d));
  const [code] = await once(psql, 'close');
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`psql \\copy failed: ${output}`);
  const rows = await withClient(databaseUrl, async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${TABLE}`)).rows[0].n));
  return { seconds, rows };
}
