// Reads a trips CSV and turns it into compact, validated columns: the CPU-heavy half of
// ingestion (CSV splitting, validation, normalisation), run in a worker thread so it overlaps with
// the other half (aggregation, COPY encoding) on the main thread and with PostgreSQL's COPY.
// csv-records.ts splits the records (every line ending counts, bad bytes are found there).
import { isAscii } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { CsvRecords } from './csv-records';
import { HeaderError, readHeader, type HeaderMap } from './header';
import { normaliseRow } from './normalise-row';
import { nameLimitReason, regionKey, type NameLimit } from './trip-names';
import { displayText, INVALID_UTF8, NUL_BYTE, REPLACEMENT_CHAR } from './utf8-bytes';

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
  /** records read so far (accepted + rejected); bytes of the file whose records were all sent (never ahead of the rows) */
  rowsTotal: number;
  bytesRead: number;
}

export type ReaderMessage =
  | { type: 'header'; extraColumns: string[] }
  | RowsMessage
  | { type: 'done'; sha: string | null; rowsTotal: number; bytesRead: number }
  | { type: 'error'; message: string; headerError: boolean };

/** NameList.find's answers for refused names. */
const CONTROL = -1, OVER_LIMIT = -2;

/**
 * Dense per-file ids of names, in first-seen order (regions by regionKey). A name with a
 * control character is refused (CONTROL), and with a limit, a name new to the store once it
 * holds `max` (OVER_LIMIT): checked once, when first seen, so rows pay nothing for it.
 */
class NameList {
  private ids = new Map<string, number>();
  /** spelling -> key, so a row pays one lookup, not a fold (few spellings per file) */
  private keys = new Map<string, string>();
  private next = 0;
  private newToStore = 0;
  private fresh: string[] = [];
  constructor(private readonly fold: boolean, private readonly limit?: { known: Set<string>; max: number }) {}
  key(name: string): string {
    if (!this.fold) return name;
    let key = this.keys.get(name);
    if (key === undefined) this.keys.set(copy(name), (key = regionKey(name)));
    return key;
  }
  /** the id of a name seen before, CONTROL or OVER_LIMIT for a refused name, undefined for a new one */
  find(key: string, name: string): number | undefined {
    const id = this.ids.get(key);
    if (id !== undefined) return id;
    const refused = CONTROL_CHAR.test(name) ? CONTROL
      : this.limit && !this.limit.known.has(key) && this.limit.known.size + this.newToStore >= this.limit.max ? OVER_LIMIT
      : undefined;
    if (refused !== undefined) this.ids.set(copy(key), refused);
    return refused;
  }
  add(key: string, name: string): number {
    if (this.limit && !this.limit.known.has(key)) this.newToStore++;
    const id = this.next++;
    // Copies: a name may be a slice of a whole read chunk and would keep it alive.
    this.ids.set(copy(key), id);
    this.fresh.push(copy(name));
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

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHAR = /[\0-\x1f\x7f-\x9f]/;
const copy = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

export interface ReadOptions {
  filePath: string;
  hashContent: boolean;
  /** accepted rows per message */
  rowsPerMessage: number;
  /** bytes per file read (default 1 MiB; tests use tiny ones to put chunk boundaries everywhere) */
  readSize?: number;
  /** longest accepted record in bytes (default 1 MiB) */
  maxRecordBytes?: number;
  /** the names the store holds and how many it may hold (rows naming new ones past it are rejected) */
  names: { regions: NameLimit; datasources: NameLimit };
  send: (msg: ReaderMessage, transfer?: ArrayBuffer[]) => void;
  /** resolves when the consumer can take another message (backpressure) */
  ready: () => Promise<void>;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function readTripsCsv(o: ReadOptions): Promise<void> {
  const limit = (l: NameLimit) => ({ known: new Set(l.known), max: l.max });
  const regions = new NameList(true, limit(o.names.regions));
  const datasources = new NameList(false, limit(o.names.datasources));
  let header: HeaderMap | null = null;
  let rowsTotal = 0;
  let cols = new Columns(o.rowsPerMessage);
  const raw = fs.createReadStream(o.filePath, { highWaterMark: o.readSize ?? 1 << 20 });

  const send = () => {
    const c = cols;
    cols = new Columns(o.rowsPerMessage);
    const msg: RowsMessage = {
      type: 'rows', n: c.n, coords: c.coords, micros: c.micros, days: c.days, minutes: c.minutes,
      regions: c.regions, datasources: c.datasources, newRegions: regions.takeNew(), newDatasources: datasources.takeNew(),
      rejects: c.rejects, rowsTotal, bytesRead: position,
    };
    o.send(msg, [c.coords.buffer, c.micros.buffer, c.days.buffer, c.minutes.buffer, c.regions.buffer, c.datasources.buffer] as ArrayBuffer[]);
  };
  const reject = (line: number, reason: string, text: string) => cols.rejects.push({ line, reason, raw: displayText(text) });

  const onRecord = (fields: string[], line: number, text: string, issue: string | null) => {
    if (!issue && fields.length === 1 && fields[0].trim() === '') return; // blank line
    if (!header) {
      header = readHeader(headerFields(fields, line, issue));
      o.send({ type: 'header', extraColumns: header.extraColumns });
      return;
    }
    rowsTotal++;
    if (issue) return reject(line, issue, text);
    const trip = normaliseRow(fields, header);
    if (typeof trip === 'string') return reject(line, trip, text);
    const regionKey = regions.key(trip.region);
    const datasourceKey = datasources.key(trip.datasource);
    let region = regions.find(regionKey, trip.region);
    let datasource = datasources.find(datasourceKey, trip.datasource);
    if (region === CONTROL) return reject(line, 'region has a control character', text);
    if (region === OVER_LIMIT) return reject(line, nameLimitReason('region', o.names.regions.max), text);
    if (datasource === CONTROL) return reject(line, 'datasource has a control character', text);
    if (datasource === OVER_LIMIT) return reject(line, nameLimitReason('datasource', o.names.datasources.max), text);
    region ??= regions.add(regionKey, trip.region);
    datasource ??= datasources.add(datasourceKey, trip.datasource);
    const i = cols.n++;
    cols.coords[4 * i] = trip.origin.lon;
    cols.coords[4 * i + 1] = trip.origin.lat;
    cols.coords[4 * i + 2] = trip.dest.lon;
    cols.coords[4 * i + 3] = trip.dest.lat;
    cols.micros[i] = trip.time.micros;
    cols.days[i] = trip.time.day;
    cols.minutes[i] = trip.time.minuteOfDay;
    cols.regions[i] = region;
    cols.datasources[i] = datasource;
    if (cols.n === cols.capacity) send();
  };

  // Bytes are hashed (when needed) and decoded as latin1, ~5x faster than UTF-8 decoding and
  // lossless; CsvRecords re-decodes the rare records with non-ASCII bytes and rejects bad ones.
  const hash = o.hashContent ? crypto.createHash('sha256') : null;
  const records = new CsvRecords(onRecord, o.maxRecordBytes);
  let bytes = 0;
  // Bytes whose records were all handed on: a message sent while a chunk is being split reports
  // the bytes before that chunk, so progress never shows bytes ahead of the rows sent.
  let position = 0;
  let head: Buffer | null = Buffer.alloc(0); // the first bytes, until we know whether they are a BOM
  const feed = (chunk: Buffer) => {
    position = bytes;
    bytes += chunk.length;
    records.push(chunk.toString('latin1'), !isAscii(chunk) || chunk.indexOf(0) !== -1);
  };
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      hash?.update(chunk);
      if (head) {
        head = Buffer.concat([head, chunk]);
        if (head.length < BOM.length) continue;
        feed(startWithoutBom(head));
        head = null;
      } else {
        feed(chunk);
      }
      if (cols.rejects.length >= 1000) send();
      await o.ready();
    }
    if (head) feed(startWithoutBom(head));
    records.end();
    position = bytes; // every record is handed on or about to be, with the last message below
  } finally {
    raw.destroy();
  }
  if (!header) throw new HeaderError('file is empty: no header and no rows');
  if (cols.n || cols.rejects.length) send();
  o.send({ type: 'done', sha: hash ? hash.digest('hex') : null, rowsTotal, bytesRead: bytes });
}

const startWithoutBom = (head: Buffer) => (head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head);

/** The header's names: text that is not UTF-8 is shown escaped; a NUL means this is no text file. */
function headerFields(fields: string[], line: number, issue: string | null): string[] {
  if (!issue) return fields;
  if (issue.startsWith(INVALID_UTF8) || issue === REPLACEMENT_CHAR) return fields.map(displayText);
  throw new HeaderError(`header (line ${line}): ${issue}${issue === NUL_BYTE ? ' (is the file UTF-16?)' : ''}`);
}
