// Socket.IO wiring of the web process: worker -> PostgreSQL NOTIFY -> this server (listen.ts) ->
// rooms `job:<id>` and `jobs`. Contract in events.ts. Connections need admin credentials in the
// handshake (session cookie, `auth.token`, or Authorization: Bearer); others get connect_error.
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { appAuthConfig, isAdminCredentials } from '../auth/admin-auth';
import { getPool } from '../db/pool';
import { log } from '../log';
import {
  ALL_JOBS_ROOM, ERROR_EVENT, PROGRESS_EVENT, SUBSCRIBE_EVENT, jobRoom, type JobProgress,
} from './events';
import { listenForProgress } from './listen';
import { activeJobsSnapshot, jobSnapshot } from './snapshot';

export interface Realtime {
  close: () => Promise<void>;
  /** resolves once the NOTIFY listener is active */
  ready: Promise<void>;
}

const subscribePayload = z.object({ jobId: z.coerce.number().int().positive().optional() }).default({});

export async function attachRealtime(io: Server, databaseUrl: string): Promise<Realtime> {
  const pool = getPool(databaseUrl);
  const auth = await appAuthConfig(databaseUrl); // also prints a generated admin password at first start

  const credentials = (socket: Socket) => {
    const headers = socket.handshake.headers;
    const token = typeof socket.handshake.auth?.token === 'string' ? `Bearer ${socket.handshake.auth.token}` : undefined;
    return { cookie: headers.cookie, authorization: token ?? headers.authorization };
  };
  const allowed = (socket: Socket) => isAdminCredentials(auth, credentials(socket), pool).catch(() => false);
  io.use((socket, next) => void allowed(socket).then((ok) => next(ok ? undefined : new Error('unauthorized'))));

  io.on('connection', (socket: Socket) => {
    socket.on(SUBSCRIBE_EVENT, async (raw: unknown) => {
      if (!(await allowed(socket))) { // the session may have ended since the handshake
        socket.emit(ERROR_EVENT, { code: 'unauthorized', message: 'admin login required' });
        socket.disconnect(true);
        return;
      }
      const parsed = subscribePayload.safeParse(raw ?? {});
      if (!parsed.success) {
        socket.emit(ERROR_EVENT, { code: 'invalid_parameter', message: 'jobs:subscribe takes { jobId?: number }' });
        return;
      }
      const { jobId } = parsed.data;
      try {
        if (jobId) {
          await socket.join(jobRoom(jobId));
          const snap = await jobSnapshot(pool, jobId);
          if (snap) socket.emit(PROGRESS_EVENT, snap);
          else socket.emit(ERROR_EVENT, { code: 'not_found', message: `no ingestion job ${jobId}` });
        } else {
          await socket.join(ALL_JOBS_ROOM);
          for (const snap of await activeJobsSnapshot(pool)) socket.emit(PROGRESS_EVENT, snap);
        }
      } catch (err) {
        log.error({ err, jobId }, 'subscribe failed');
        socket.emit(ERROR_EVENT, { code: 'internal', message: 'could not read job state' });
      }
    });
  });

  const relay = (p: JobProgress) => io.to([jobRoom(p.jobId), ALL_JOBS_ROOM]).emit(PROGRESS_EVENT, p);
  const listener = listenForProgress(databaseUrl, relay);
  return { ready: listener.ready, close: listener.close };
}
