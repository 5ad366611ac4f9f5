// Writing rows through COPY ... FROM STDIN (text format) with pg-copy-streams.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Escapes a value for COPY text format: backslash, tab, newline and carriage return. */
export function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/** Streams already-formatted COPY data (text, or binary buffers) through a COPY ... FROM STDIN. */
export async function copyText(client: pg.PoolClient, sql: string, chunks: Iterable<string | Buffer>): Promise<void> {
  const sink = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks, { objectMode: false }), sink);
}

/** Groups lines into ~64 KB strings: one write() per row is slow, big writes are fast. */
export function* joinLines(lines: Iterable<string>, target = 65_536): Generator<string> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length >= target) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
