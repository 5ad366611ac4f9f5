// Web side of live progress: one dedicated connection LISTENs on PROGRESS_CHANNEL and hands each
// payload to `onProgress`; it reconnects (with back-off) when the connection drops.
import pg from 'pg';
import { log } from '../log';
import { PROGRESS_CHANNEL, type JobProgress } from './events';

export interface Listener {
  close: () => Promise<void>;
  /** resolves once LISTEN is active (the first time) */
  ready: Promise<void>;
}

export function listenForProgress(databaseUrl: string, onProgress: (p: JobProgress) => void): Listener {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 500;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'trip-atlas-progress-listener' });
    client = c;
    c.on('notification', (msg) => {
      if (msg.channel !== PROGRESS_CHANNEL || !msg.payload) return;
      try {
        onProgress(JSON.parse(msg.payload) as JobProgress);
      } catch (err) {
        log.error({ err }, 'bad progress payload');
      }
    });
    c.on('error', (err) => {
      log.error({ err }, 'progress listener connection lost');
      void reconnect(c);
    });
    c.on('end', () => void reconnect(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${PROGRESS_CHANNEL}`);
      retryMs = 500;
      markReady();
    } catch (err) {
      log.error({ err }, 'cannot listen for progress');
      void reconnect(c);
    }
  };

  const reconnect = async (c: pg.Client) => {
    if (closed || client !== c) return;
    client = null;
    await c.end().catch(() => {});
    setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  void connect();
  return {
    ready,
    close: async () => {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
