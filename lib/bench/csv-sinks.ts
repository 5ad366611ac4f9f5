// K output CSV files fed with rows in large byte buffers: the generator writes each row straight
// into the buffer of the file it was dealt to, and full buffers go to the file stream (with
// back-pressure), so writing costs a few syscalls per megabyte rather than per row.
import fs from 'node:fs';
import path from 'node:path';

const BUFFER_BYTES = 4 << 20;

interface Sink {
  stream: fs.WriteStream;
  buf: Buffer;
  pos: number;
}

/** `out.csv` for one file, `out-001.csv` ... `out-00K.csv` for K. */
export function outputPaths(output: string, files: number): string[] {
  if (files <= 1) return [output];
  const ext = path.extname(output) || '.csv';
  const stem = output.slice(0, output.length - path.extname(output).length);
  return Array.from({ length: files }, (_, i) => `${stem}-${String(i + 1).padStart(3, '0')}${ext}`);
}

export class CsvSinks {
  private readonly sinks: Sink[];
  bytesWritten = 0;

  constructor(readonly paths: string[], header: string, private readonly rowHeadroom: number) {
    for (const p of paths) fs.mkdirSync(path.dirname(path.resolve(p)), { recursive: true });
    this.sinks = paths.map((p) => {
      const sink = { stream: fs.createWriteStream(p), buf: Buffer.allocUnsafe(BUFFER_BYTES), pos: 0 };
      sink.pos = sink.buf.write(header + '\n');
      return sink;
    });
  }

  /** Buffer and position for one row of file `i`; call `advance(i, newPos)` after writing. */
  target(i: number): Sink {
    return this.sinks[i];
  }

  /** Records where the row ended; returns a promise only when a buffer went out under back-pressure. */
  advance(i: number, pos: number): Promise<void> | undefined {
    const sink = this.sinks[i];
    sink.pos = pos;
    if (pos <= BUFFER_BYTES - this.rowHeadroom) return undefined;
    return this.flush(sink);
  }

  async close(): Promise<void> {
    for (const sink of this.sinks) {
      await this.flush(sink);
      await new Promise<void>((resolve, reject) => sink.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
  }

  private flush(sink: Sink): Promise<void> | undefined {
    if (!sink.pos) return undefined;
    const full = sink.buf.subarray(0, sink.pos);
    this.bytesWritten += full.length;
    sink.buf = Buffer.allocUnsafe(BUFFER_BYTES); // the stream keeps `full` until written
    sink.pos = 0;
    if (sink.stream.write(full)) return undefined;
    return new Promise<void>((resolve) => sink.stream.once('drain', () => resolve()));
  }
}
