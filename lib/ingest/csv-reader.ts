// Reads a trips CSV and turns it into compact, validated columns: the CPU-heavy half of
// ingestion (papaparse, validation, normalisation), run in a worker thread so it overlaps with
// the other half (aggregation, COPY encoding) on the main thread and with PostgreSQL's COPY.
import { isAscii } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { HeaderError, readHeader, type HeaderMap } from './header';
import { normaliseRow } from './normalise-row';

/** A chunk of accepted rows as columns (transferable), plus the rows rejected in it. */
export interface RowsMessage {
  type: 'rows';
  n: number;
  /** origin lon, origin lat, destination lon, destination lat per row */
  coords: Float64Array;
  /** wall time in microseconds since 2000-01-01 */
  micros: Float64Array;
  /** calendar day (days since 1970-01-01) */
  days: Int32Array;
  minutes: Int16Array;
  /** indexes into the reader's name lists; names new in this chunk are in newRegions/newDatasources */
  regions: Uint32Array;
  datasources: Uint32Array;
  newRegions: string[];
  newDatasources: string[];
  rejects: { line: number; reason: string; raw: string }[];
  /** records read so far (accepted + rejected), bytes read so far */
  rowsTotal: number;
  bytesRead: number;
}

export type ReaderMessage =
  | { type: 'header'; extraColumns: string[] }
  | RowsMessage
  | { type: 'done'; sha: string | null; rowsTotal: number; bytesRead: number }
  | { type: 'error'; message: string; headerError: boolean };

/** Dense per-file ids of names, in first-seen order (regions case-insensitive). */
class NameList {
  private ids = new Map<string, number>();
  private fresh: string[] = [];
  constructor(private readonly fold: boolean) {}
  id(name: string): number {
    const key = this.fold ? name.toLowerCase() : name;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      this.fresh.push(name);
    }
    return id;
  }
  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

class Columns {
  n = 0;
  coords: Float64Array;
  micros: Float64Array;
  days: Int32Array;
  minutes: Int16Array;
  regions: Uint32Array;
  datasources: Uint32Array;
  rejects: RowsMessage['rejects'] = [];
  constructor(readonly capacity: number) {
    this.coords = new Float64Array(capacity * 4);
    this.micros = new Float64Array(capacity);
    this.days = new Int32Array(capacity);
    this.minutes = new Int16Array(capacity);
    this.regions = new Uint32Array(capacity);
    this.datasources = new Uint32Array(capacity);
  }
}

export interface ReadOptions {
  filePath: string;
  hashContent: boolean;
  /** accepted rows per message */
  rowsPerMessage: number;
  send: (msg: ReaderMessage, transfer?: ArrayBuffer[]) => void;
  /** resolves when the consumer can take another message (backpressure) */
  ready: () => Promise<void>;
}

export function readTripsCsv(o: ReadOptions): Promise<void> {
  const regions = new NameList(true);
  const datasources = new NameList(false);
  let header: HeaderMap | null = null;
  let line = 1; // line number of the next record
  let rowsTotal = 0;
  let cols = new Columns(o.rowsPerMessage);

  // Read as bytes: hashed (when needed) and decoded as latin1, ~5x faster than UTF-8 decoding
  // and lossless. CSV syntax is ASCII, so fields split the same; once a non-ASCII byte shows
  // up, fields are re-decoded as UTF-8 (utf8Fields).
  const hash = o.hashContent ? crypto.createHash('sha256') : null;
  let bytes = 0;
  let nonAscii = false;
  const raw = fs.createReadStream(o.filePath, { highWaterMark: 1 << 20 });
  const text = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      hash?.update(chunk);
      if (bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3); // BOM
      bytes += chunk.length;
      if (!nonAscii && !isAscii(chunk)) nonAscii = true;
      done(null, chunk.toString('latin1'));
    },
  });

  const send = () => {
    const c = cols;
    cols = new Columns(o.rowsPerMessage);
    const msg: RowsMessage = {
      type: 'rows', n: c.n, coords: c.coords, micros: c.micros, days: c.days, minutes: c.minutes,
      regions: c.regions, datasources: c.datasources, newRegions: regions.takeNew(), newDatasources: datasources.takeNew(),
      rejects: c.rejects, rowsTotal, bytesRead: raw.bytesRead,
    };
    o.send(msg, [c.coords.buffer, c.micros.buffer, c.days.buffer, c.minutes.buffer, c.regions.buffer, c.datasources.buffer] as ArrayBuffer[]);
  };

  const handleRows = (rows: string[][]) => {
    if (!header) {
      const first = rows.findIndex((r) => !(r.length === 1 && r[0].trim() === ''));
      if (first === -1) {
        line += rows.length;
        return;
      }
      header = readHeader(rows[first]);
      o.send({ type: 'header', extraColumns: header.extraColumns });
      line += first + 1 + newlines(rows[first]);
      rows = rows.slice(first + 1);
    }
    for (const fields of rows) {
      const recordLine = line;
      line += 1 + newlines(fields);
      if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
      rowsTotal++;
      const trip = normaliseRow(fields, header);
      if (typeof trip === 'string') {
        cols.rejects.push({ line: recordLine, reason: trip, raw: Papa.unparse([fields], { newline: '\n' }) });
        continue;
      }
      const i = cols.n++;
      cols.coords[4 * i] = trip.origin.lon;
      cols.coords[4 * i + 1] = trip.origin.lat;
      cols.coords[4 * i + 2] = trip.dest.lon;
      cols.coords[4 * i + 3] = trip.dest.lat;
      cols.micros[i] = trip.time.micros;
      cols.days[i] = trip.time.day;
      cols.minutes[i] = trip.time.minuteOfDay;
      cols.regions[i] = regions.id(trip.region);
      cols.datasources[i] = datasources.id(trip.datasource);
      if (cols.n === cols.capacity) send();
    }
  };

  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      raw.destroy();
      text.destroy();
      reject(err);
    };
    raw.on('error', fail);
    raw.pipe(text);
    Papa.parse<string[]>(text as unknown as File, {
      delimiter: ',',
      header: false,
      skipEmptyLines: false,
      chunk: (res, parser) => {
        try {
          handleRows(nonAscii ? res.data.map(utf8Fields) : res.data);
          if (cols.rejects.length >= 1000) send();
        } catch (err) {
          fail(err); // before abort(), which calls complete()
          return parser.abort();
        }
        parser.pause();
        o.ready().then(() => {
          if (!failed) parser.resume();
        }, fail);
      },
      complete: () => {
        if (failed) return;
        if (!header) return fail(new HeaderError('file is empty: no header and no rows'));
        if (cols.n || cols.rejects.length) send();
        o.send({ type: 'done', sha: hash ? hash.digest('hex') : null, rowsTotal, bytesRead: bytes });
        resolve();
      },
      error: (err: Error) => fail(err),
    });
  });
}

/** Takes a row's latin1-decoded fields back to the UTF-8 text they were. */
function utf8Fields(fields: string[]): string[] {
  return fields.map((f) => (/[\u0080-\u00ff]/.test(f) ? Buffer.from(f, 'latin1').toString('utf8') : f));
}

function newlines(fields: string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  return n;
}
