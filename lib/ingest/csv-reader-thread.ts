// Worker-thread body (loaded by csv-reader.worker.mjs): reads one CSV (csv-reader.ts) and posts
// its columns to the parent, which acknowledges each rows message (backpressure).
import { parentPort, workerData } from 'node:worker_threads';
import { readTripsCsv } from './csv-reader';
import { FlowControl, readerError, type ReaderInput } from './reader-source';

const port = parentPort!;
const flow = new FlowControl();
port.on('message', (m: { type: string }) => {
  if (m.type === 'ack') flow.acked();
});
readTripsCsv({
  ...(workerData as ReaderInput),
  send: (msg, transfer) => {
    if (msg.type === 'rows') flow.sent();
    port.postMessage(msg, transfer ?? []);
  },
  ready: () => flow.ready(),
}).catch((err: unknown) => port.postMessage(readerError(err)));
