// Admission of trip reads (boxes, areas, similar trips, density, insights; each route says which
// of its requests are, see withApi's `read`): at most READ_CONCURRENCY answered at once, the
// others wait their turn in arrival order. Each answer already spreads its own statements over
// the database's cores (lib/db/parallelism.ts), so beyond a few answers at once more of them
// only share the cores: every answer in flight slows down by the number of its neighbours, a
// heavy one (a city-wide match=both box) most. Queued in order, each waits for the work ahead
// of it and then runs at full speed, so waits are alike and the slowest answers under load are
// no longer the heavy ones stretched twentyfold. A request whose client leaves while it waits
// is dropped from the queue.
import PQueue from 'p-queue';
import { DomainError } from '../errors/domain-errors';
import { loadWebEnv } from '../env/web';

let queue: PQueue | null | undefined;

/** The process's read queue, made on first use (null: READ_CONCURRENCY=0, no limit). */
function readQueue(): PQueue | null {
  if (queue === undefined) {
    const concurrency = loadWebEnv().READ_CONCURRENCY;
    queue = concurrency > 0 ? new PQueue({ concurrency }) : null;
  }
  return queue;
}

/** The client went away before its request was admitted. */
export class ClientGoneError extends DomainError {
  constructor() {
    super('client_closed_request', 'the client closed the request before it was answered');
  }
}

/** Runs a read once admitted; rejects with ClientGoneError if `signal` aborts while it waits. */
export async function admitRead<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const q = readQueue();
  if (!q) return work();
  if (signal?.aborted) throw new ClientGoneError();
  try {
    return await q.add(work, { signal });
  } catch (err) {
    throw signal?.aborted ? new ClientGoneError() : err;
  }
}

/** Answers running and waiting now (tests, health). */
export const readQueueState = (): { running: number; waiting: number } =>
  ({ running: queue?.pending ?? 0, waiting: queue?.size ?? 0 });

/** Forget the queue so the next read makes one from the environment again (tests). */
export function resetReadGate(): void {
  queue = undefined;
}
