// Checks an upload is a CSV while it streams: counts bytes against the size limit, hashes the
// content (SHA-256) and sniffs the first bytes for binary content. Never holds more than a chunk.
import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '../errors/domain-errors';

const SNIFF_BYTES = 8192;

export const tooLarge = (name: string, max: number) =>
  new DomainError('payload_too_large', `${name}: file is larger than the limit of ${max} bytes`);
export const notCsv = (name: string, why: string) => new DomainError('unsupported_media_type', `${name}: not a CSV file (${why})`);

export function hasCsvExtension(name: string): boolean {
  return /\.csv$/i.test(name);
}

/** Why the first bytes of a file do not look like text, or null when they do. */
function binaryReason(head: Buffer): string | null {
  if (head.includes(0)) return 'contains NUL bytes';
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return 'contains control characters';
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true }); // a cut multi-byte tail is fine
  } catch {
    return 'is not UTF-8 text';
  }
  return null;
}

export class CsvGuard extends Transform {
  bytes = 0;
  private readonly hash = crypto.createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private sniffed = false;

  constructor(private readonly name: string, private readonly maxBytes: number) {
    super();
  }

  private digest: string | null = null;

  /** Hex SHA-256 of everything that passed (read once the stream has finished). */
  get sha256(): string {
    return (this.digest ??= this.hash.digest('hex'));
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.name, this.maxBytes));
    this.hash.update(chunk);
    if (!this.sniffed) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return done(); // held back until we have enough to judge
      const err = this.sniff();
      if (err) return done(err);
      for (const c of this.head) this.push(c);
      this.head = [];
      return done();
    }
    done(null, chunk);
  }

  _flush(done: TransformCallback): void {
    if (!this.sniffed) {
      if (this.bytes === 0) return done(new DomainError('empty_file', `${this.name}: file is empty`));
      const err = this.sniff();
      if (err) return done(err);
      for (const c of this.head) this.push(c);
      this.head = [];
    }
    done();
  }

  private sniff(): DomainError | null {
    this.sniffed = true;
    const reason = binaryReason(Buffer.concat(this.head).subarray(0, SNIFF_BYTES));
    return reason ? notCsv(this.name, `its first bytes ${reason}`) : null;
  }
}
