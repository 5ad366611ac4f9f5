// Property tests: the CSV reader against a small reference parser written for clarity, not
// speed, on random files: valid and invalid rows, a random line ending per row (LF, CRLF, CR),
// RFC 4180 quoting, multi-byte names, latin-1 bytes, NULs, a BOM, and tiny read sizes so chunk
// boundaries fall everywhere (inside multi-byte chars, CRLF pairs, quoted fields).
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { readCsvBytes, type ReadResult, type ReadTrip } from '../testing/read-csv';
import { readHeader, REQUIRED_COLUMNS, type HeaderMap } from './header';
import { normaliseRow } from './normalise-row';

const dir = tempDir('csv-property-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// ---- the reference: one char (byte) at a time, straight from RFC 4180 ----

interface RefRecord { fields: string[]; line: number; raw: string }

/** Splits latin1 text (one char per byte) into records; every LF, CRLF or lone CR outside quotes ends one. */
function referenceRecords(text: string): RefRecord[] {
  const records: RefRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let fieldStart = true;
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lineEnding = c === '\n' || (c === '\r' && text[i + 1] !== '\n');
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { field += c; if (lineEnding) line++; }
    } else if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStart = true;
    } else if (c === '\r' || c === '\n') {
      fields.push(field);
      records.push({ fields, line: recordLine, raw: text.slice(recordStart, i) });
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields = [];
      field = '';
      fieldStart = true;
      recordLine = ++line;
      recordStart = i + 1;
    } else {
      field += c;
      fieldStart = false;
    }
  }
  if (recordStart < text.length) records.push({ fields: [...fields, field], line: recordLine, raw: text.slice(recordStart) });
  return records;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const decode = (latin1: string) => strictUtf8.decode(Buffer.from(latin1, 'latin1'));

function byteReason(raw: string): string | null {
  if (raw.includes('\0')) return 'NUL byte';
  let text: string;
  try { text = decode(raw); } catch { return 'invalid UTF-8 byte sequence'; }
  return text.includes('\uFFFD') ? 'replacement character U+FFFD (the text was mis-decoded before)' : null;
}

interface Expected { extraColumns: string[]; trips: ReadTrip[]; rejects: { line: number; reason: string }[]; rowsTotal: number; error?: string }

function reference(bytes: Buffer): Expected {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const out: Expected = { extraColumns: [], trips: [], rejects: [], rowsTotal: 0 };
  let header: HeaderMap | null = null;
  const firstSpelling = new Map<string, string>();
  for (const r of referenceRecords(bytes.subarray(hasBom ? 3 : 0).toString('latin1'))) {
    const bad = byteReason(r.raw);
    if (!bad && r.fields.length === 1 && decode(r.fields[0]).trim() === '') continue;
    if (!header) {
      if (bad) throw new Error('the generator writes clean headers');
      header = readHeader(r.fields.map(decode));
      out.extraColumns = header.extraColumns;
      continue;
    }
    out.rowsTotal++;
    const trip = bad ?? normaliseRow(r.fields.map(decode), header);
    if (typeof trip === 'string') {
      out.rejects.push({ line: r.line, reason: trip });
      continue;
    }
    const control = /[\0-\x1f\x7f-\x9f]/; // eslint-disable-line no-control-regex
    if (control.test(trip.region)) { out.rejects.push({ line: r.line, reason: 'region has a control character' }); continue; }
    if (control.test(trip.datasource)) { out.rejects.push({ line: r.line, reason: 'datasource has a control character' }); continue; }
    const key = trip.region.toLowerCase();
    if (!firstSpelling.has(key)) firstSpelling.set(key, trip.region);
    out.trips.push({ region: firstSpelling.get(key)!, datasource: trip.datasource,
      coords: [trip.origin.lon, trip.origin.lat, trip.dest.lon, trip.dest.lat], micros: trip.time.micros });
  }
  if (!header) return { ...out, error: 'file is empty: no header and no rows' };
  return out;
}

// ---- random files ----

const bytesOf = (s: string) => Buffer.from(s, 'utf8');
const LATIN1_BYTES = [0xfc, 0xe9, 0xdf, 0xc3, 0xe2, 0x82, 0xff, 0xa0]; // alone mostly not UTF-8; some pairs are
const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Prague', 'Hamburg', 'Turin', 'funny_car', 'cheap_mobile') },
  fc.constantFrom('Prague', 'prague', 'Zürich', 'Kraków', '東京', '🚲 Ride', 'São Paulo', 'a,b', 'say "hi"', 'two\nlines', 'x\r\ny', 'cr\rhere', ' Praha ', 'tab\there'),
  fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '€', '😀', '東', '\u00a0'), minLength: 1, maxLength: 6 }),
);
const coord = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })).map(([lon, lat]) => `POINT (${lon} ${lat})`) },
  fc.constantFrom('POINT (abc 1)', 'POINT (200 1)', 'point(1.5 -2)', 'POINT (1\n2)', ''),
);
const datetime = fc.oneof(
  { weight: 8, arbitrary: fc.date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace('T', ' ')) },
  fc.constantFrom('2019-02-30 08:00:00', 'yesterday', '2019-03-04T08:00:00.123456789'),
);
/** a field as bytes, now and then with a latin-1 byte or a NUL slipped in */
const badByte = fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(0, ...LATIN1_BYTES)) });
const withBadByte = (field: fc.Arbitrary<string>) => fc.tuple(field, badByte)
  .map(([text, bad]) => {
    const b = bytesOf(text);
    if (!bad) return b;
    const at = bad[0] % (b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from([bad[1]]), b.subarray(at)]);
  });
const EOL = fc.constantFrom('\n', '\r\n', '\r');

const COLUMNS = [...REQUIRED_COLUMNS, 'note'];
/** A row's fields by column, one too few or too many sometimes, its quoting and line ending. */
const row = fc.record({
  values: fc.tuple(withBadByte(name), withBadByte(coord), withBadByte(coord), withBadByte(datetime), withBadByte(name), withBadByte(name)),
  delta: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, -1, 1),
  quote: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  eol: EOL,
  blankAfter: fc.boolean(),
});

/** RFC 4180: quote when needed, and sometimes when not. */
const serialise = (field: Buffer, quote: boolean) => {
  const text = field.toString('latin1');
  return quote || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const csvFile = fc.record({
  bom: fc.boolean(),
  order: fc.shuffledSubarray(COLUMNS, { minLength: 6 }), // a shuffle of all six
  withNote: fc.boolean(),
  leadingBlank: fc.constantFrom('', '\n', '\r\n\r'),
  headerEol: EOL,
  rows: fc.array(row, { maxLength: 25 }),
  lastEol: fc.boolean(),
}).map((f) => {
  const columns = f.withNote ? f.order : f.order.filter((c) => c !== 'note');
  const parts = [f.bom ? '\xef\xbb\xbf' : '', f.leadingBlank, columns.join(','), f.headerEol];
  f.rows.forEach((r, i) => {
    const fields = columns.map((c) => r.values[COLUMNS.indexOf(c)]);
    if (r.delta < 0) fields.pop();
    if (r.delta > 0) fields.push(bytesOf('more'));
    parts.push(fields.map((b, k) => serialise(b, r.quote[k])).join(','));
    if (i < f.rows.length - 1 || f.lastEol) parts.push(r.eol + (r.blankAfter ? r.eol : ''));
  });
  return Buffer.from(parts.join(''), 'latin1');
});

// ---- the properties ----

const comparable = (r: ReadResult | Expected) => ({
  error: r.error,
  extraColumns: r.error ? [] : r.extraColumns,
  trips: r.error ? [] : r.trips,
  rejects: r.error ? [] : r.rejects.map(({ line, reason }) => ({ line, reason: reason.startsWith('invalid UTF-8 byte sequence') ? 'invalid UTF-8 byte sequence' : reason })),
  rowsTotal: r.error ? 0 : r.rowsTotal,
});

describe('the CSV reader against the reference parser', () => {
  it('accepts and rejects the same rows, on the same lines, for the same reasons, at any read size', async () => {
    await fc.assert(fc.asyncProperty(csvFile, fc.integer({ min: 1, max: 48 }), async (bytes, readSize) => {
      const expected = comparable(reference(bytes));
      const small = await readCsvBytes(dir, bytes, { readSize });
      expect(comparable(small)).toEqual(expected);
      const whole = await readCsvBytes(dir, bytes);
      expect(comparable(whole)).toEqual(expected);
    }), { numRuns: 300 });
  });

  it('never lets a NUL or a U+FFFD through: not in names, extra columns or the raw text of rejects', async () => {
    await fc.assert(fc.asyncProperty(csvFile, fc.integer({ min: 1, max: 16 }), async (bytes, readSize) => {
      const r = await readCsvBytes(dir, bytes, { readSize });
      const stored = [...r.trips.flatMap((t) => [t.region, t.datasource]), ...r.extraColumns, ...r.rejects.flatMap((x) => [x.raw, x.reason])];
      for (const s of stored) expect(s).not.toMatch(/[\0\uFFFD]/);
      // rejects without bad bytes keep their raw text exactly
      const refRecords = new Map(referenceRecords(bytes.toString('latin1').replace(/^\xef\xbb\xbf/, '')).map((x) => [x.line, x.raw]));
      for (const x of r.rejects) {
        const raw = refRecords.get(x.line)!;
        if (!byteReason(raw)) expect(x.raw).toBe(decode(raw));
      }
    }), { numRuns: 150 });
  });
});
