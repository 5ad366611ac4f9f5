// Splits CSV text into records, on the ingestion hot path. RFC 4180 quoting; outside quotes
// EVERY line ending ends a record, LF, CRLF and a lone CR alike, mixed freely (papaparse guessed
// one newline sequence per file and glued the rows of mixed files together). Text arrives in
// chunks of any size, decoded as latin1 (one char per byte, so the ASCII CSV syntax splits as it
// would in UTF-8); only records holding NUL or non-ASCII bytes are checked and decoded as UTF-8,
// found with one scan per chunk, so plain ASCII rows pay nothing for it.
import { byteIssue, utf8 } from './utf8-bytes';

/**
 * One record: its fields (UTF-8 text), the physical line it starts on (1-based, every line
 * ending counts, also those inside quoted fields), its raw text (latin1, at most
 * MAX_RAW_CHARS) and, when it is unusable, why (its fields are then undecoded latin1).
 */
export type RecordHandler = (fields: string[], line: number, raw: string, issue: string | null) => void;

const DEFAULT_MAX_RECORD_BYTES = 1 << 20;
const MAX_RAW_CHARS = 4096;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const NUL_OR_HIGH = /[\0\x80-\xff]/g;

export class CsvRecords {
  /** the unfinished record at the end of the last chunk */
  private carry = '';
  private carryDirty = false;
  /** line of the next record */
  private line = 1;
  /** after an overlong record: dropping text up to the next line ending */
  private skipping = false;
  // The chunk being split and, cached, the next position of LF, CR, '"' and a NUL or non-ASCII
  // char from the scan position on (s.length: none left).
  private s = '';
  private n = 0;
  private lf = -1;
  private cr = -1;
  private qt = -1;
  private bad = -1;

  constructor(private readonly onRecord: RecordHandler, private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES) {}

  /** text: latin1-decoded bytes; dirty: it may hold NUL or non-ASCII bytes */
  push(text: string, dirty: boolean): void {
    this.run(this.carry + text, dirty || this.carryDirty, false);
  }

  /** the input ended: the last record needs no line ending */
  end(): void {
    this.run(this.carry, this.carryDirty, true);
  }

  private run(s: string, dirty: boolean, final: boolean): void {
    this.s = s;
    this.n = s.length;
    this.lf = this.cr = this.qt = -1;
    this.bad = dirty ? -1 : s.length;
    let p = 0;
    while (p < this.n) {
      let next = this.skipping ? this.skipLine(p, final) : this.record(p, final);
      if (next < 0) {
        if (this.skipping || this.n - p <= this.maxRecordBytes) break; // unfinished: wait for more text
        next = this.cut(p);
      }
      p = next;
    }
    this.carry = p < this.n ? s.slice(p) : '';
    this.carryDirty = dirty && this.carry !== '';
  }

  private nextLf(p: number): number {
    if (this.lf < p) this.lf = found(this.s.indexOf('\n', p), this.n);
    return this.lf;
  }

  private nextCr(p: number): number {
    if (this.cr < p) this.cr = found(this.s.indexOf('\r', p), this.n);
    return this.cr;
  }

  private nextQuote(p: number): number {
    if (this.qt < p) this.qt = found(this.s.indexOf('"', p), this.n);
    return this.qt;
  }

  private nextBad(p: number): number {
    if (this.bad < p) {
      NUL_OR_HIGH.lastIndex = p;
      this.bad = NUL_OR_HIGH.exec(this.s)?.index ?? this.n;
    }
    return this.bad;
  }

  private eol(p: number): number {
    return Math.min(this.nextLf(p), this.nextCr(p));
  }

  /** A CR as the chunk's last char may be the first half of a CRLF: wait for the next chunk. */
  private unsure(e: number, final: boolean): boolean {
    return !final && (e === this.n || (e === this.n - 1 && this.s.charCodeAt(e) === CR));
  }

  /** Position after the line ending at e (or the end of the text). */
  private after(e: number): number {
    if (e >= this.n) return this.n;
    return e + (this.s.charCodeAt(e) === CR && this.s.charCodeAt(e + 1) === LF ? 2 : 1);
  }

  /** The record at p; returns where the next one starts, or -1 when it is unfinished. */
  private record(p: number, final: boolean): number {
    const e = this.eol(p);
    if (this.nextQuote(p) < e) return this.quotedRecord(p, final);
    if (e - p > this.maxRecordBytes) return this.cut(p);
    if (this.unsure(e, final)) return -1;
    const raw = this.s.slice(p, e);
    this.emit(raw.split(','), this.line++, raw, p, e, null);
    return this.after(e);
  }

  /** The slow path: a record with a quote somewhere, maybe spanning lines. */
  private quotedRecord(p: number, final: boolean): number {
    const s = this.s;
    const n = this.n;
    const fields: string[] = [];
    let issue: string | null = null;
    let pos = p;
    for (;;) {
      let value = '';
      if (s.charCodeAt(pos) === QUOTE) {
        for (let from = pos + 1; ;) {
          const j = s.indexOf('"', from);
          if (j === -1) {
            if (!final) return -1;
            value += s.slice(from);
            issue = 'unterminated quoted field';
            pos = n;
            break;
          }
          value += s.slice(from, j); // a quote that ends the chunk may start a "": the record stays unsure
          if (s.charCodeAt(j + 1) !== QUOTE) {
            pos = j + 1;
            break;
          }
          value += '"';
          from = j + 2;
        }
        const end = this.fieldEnd(pos);
        if (end > pos) {
          issue ??= 'text after a closing quote';
          value += s.slice(pos, end);
          pos = end;
        }
      } else {
        const end = this.fieldEnd(pos);
        value = s.slice(pos, end);
        pos = end;
      }
      fields.push(value);
      if (s.charCodeAt(pos) !== COMMA) break;
      pos++;
    }
    if (pos - p > this.maxRecordBytes) return this.cut(p);
    if (this.unsure(pos, final)) return -1;
    const raw = s.slice(p, pos);
    const line = this.line;
    this.line += 1 + lineEndings(raw);
    this.emit(fields, line, raw, p, pos, issue);
    return this.after(pos);
  }

  private fieldEnd(pos: number): number {
    const comma = found(this.s.indexOf(',', pos), this.n);
    return Math.min(comma, this.eol(pos));
  }

  private emit(fields: string[], line: number, raw: string, start: number, end: number, issue: string | null): void {
    if (this.nextBad(start) < end) {
      issue = byteIssue(raw) ?? issue;
      if (!issue) for (let i = 0; i < fields.length; i++) fields[i] = utf8(fields[i]);
    }
    this.onRecord(fields, line, raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw, issue);
  }

  /**
   * A record longer than allowed: rejected, and reading resumes after the first line ending
   * past its first maxRecordBytes bytes, whatever the quotes (so memory stays bounded even
   * with an unbalanced quote in a huge file, and the outcome does not depend on chunk sizes).
   */
  private cut(p: number): number {
    let end = p + this.maxRecordBytes;
    if (this.s.charCodeAt(end - 1) === CR) end--; // may pair with an LF: let skipLine see it
    this.onRecord([], this.line, this.s.slice(p, Math.min(end, p + MAX_RAW_CHARS)), `row is longer than ${this.maxRecordBytes} bytes`);
    this.line += lineEndings(this.s.slice(p, end));
    this.skipping = true;
    return end;
  }

  private skipLine(p: number, final: boolean): number {
    const e = this.eol(p);
    if (e === this.n) return this.n;
    if (this.unsure(e, final)) return -1;
    this.line++;
    this.skipping = false;
    return this.after(e);
  }
}

const found = (i: number, none: number) => (i === -1 ? none : i);

/** Line endings in text: LF, CRLF and lone CR count one each. */
function lineEndings(text: string): number {
  let k = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) k++;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) k++;
  return k;
}
