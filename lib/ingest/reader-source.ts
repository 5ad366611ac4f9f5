// Where the parsed columns come from: a worker thread for big files (parsing overlaps with
// aggregation and COPY on the main thread), or this thread for small ones (a worker costs a
// few hundred milliseconds to start). Both keep at most a few chunks in flight.
import { on } from 'node:events';
import { Worker } from 'node:worker_threads';
import { HeaderError } from './header';
import { readTripsCsv, type ReaderMessage } from './csv-reader';
import type { NameLimit } from './trip-names';

const MAX_IN_FLIGHT = 3;

export interface ReaderSource {
  messages: AsyncIterable<ReaderMessage>;
  /** the consumer finished one rows message */
  ack: () => void;
  close: () => Promise<void>;
}

export interface ReaderInput {
  filePath: string;
  hashContent: boolean;
  rowsPerMessage: number;
  names: { regions: NameLimit; datasources: NameLimit };
}

export function threadReader(input: ReaderInput): ReaderSource {
  const worker = new Worker(new URL('./csv-reader.worker.mjs', import.meta.url), { workerData: input });
  const stop = new AbortController();
  worker.once('exit', (code) => stop.abort(new Error(`CSV reader stopped unexpectedly (exit ${code})`)));
  async function* messages(): AsyncGenerator<ReaderMessage> {
    try {
      for await (const [msg] of on(worker, 'message', { signal: stop.signal }) as AsyncIterable<[ReaderMessage]>) {
        yield msg;
        if (msg.type === 'done' || msg.type === 'error') return;
      }
    } catch (err) {
      throw stop.signal.aborted && (err as Error).name === 'AbortError' ? stop.signal.reason : err;
    }
  }
  return {
    messages: messages(),
    ack: () => worker.postMessage({ type: 'ack' }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

export function inlineReader(input: ReaderInput): ReaderSource {
  const queue: ReaderMessage[] = [];
  let notify: (() => void) | null = null;
  const flow = new FlowControl();
  const push = (m: ReaderMessage) => {
    queue.push(m);
    notify?.();
    notify = null;
  };
  readTripsCsv({ ...input, send: (m) => (m.type === 'rows' && flow.sent(), push(m)), ready: () => flow.ready() })
    .catch((err: unknown) => push(readerError(err)));
  async function* messages(): AsyncGenerator<ReaderMessage> {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        await new Promise<void>((r) => (notify = r));
        continue;
      }
      yield m;
      if (m.type === 'done' || m.type === 'error') return;
    }
  }
  return { messages: messages(), ack: () => flow.acked(), close: async () => {} };
}

/** Counts rows messages not yet acknowledged; ready() waits while too many are. */
export class FlowControl {
  private inFlight = 0;
  private wake: (() => void) | null = null;
  sent(): void {
    this.inFlight++;
  }
  acked(): void {
    this.inFlight--;
    this.wake?.();
    this.wake = null;
  }
  ready(): Promise<void> {
    return this.inFlight < MAX_IN_FLIGHT ? Promise.resolve() : new Promise<void>((r) => (this.wake = r));
  }
}

export function readerError(err: unknown): ReaderMessage {
  return { type: 'error', message: (err as Error).message ?? String(err), headerError: err instanceof HeaderError };
}
