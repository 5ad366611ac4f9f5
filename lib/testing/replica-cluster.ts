// A real PostgreSQL primary and a streaming replica for tests, made from Debian's PostgreSQL 15
// binaries: initdb (as the postgres user: PostgreSQL refuses to run as root), a replication line
// in pg_hba.conf, pg_basebackup -R -X stream, each cluster on a free port with its own socket
// folder in a temp folder owned by postgres. `unavailable()` says why it cannot run here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../db/embedded';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ReplicaCluster {
  primaryUrl: string;
  replicaUrl: string;
  stop: () => void;
}

/** Why primary + replica cannot be made on this machine, or null when they can. */
export function replicaClusterUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (to run the PostgreSQL binaries as the postgres user)';
  for (const bin of ['initdb', 'pg_ctl', 'pg_basebackup']) {
    if (!fs.existsSync(path.join(PG_BIN, bin))) return `${path.join(PG_BIN, bin)} is missing (apt-get install postgresql-15)`;
  }
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    return 'no postgres user on this machine';
  }
  return null;
}

const asPostgres = (bin: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args], { stdio: 'pipe', timeout: 120_000 });

export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-replica-'));
  execFileSync('chown', ['postgres:postgres', root]);
  const primary = path.join(root, 'primary');
  const replica = path.join(root, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const start = (dir: string, port: number) => {
    fs.mkdirSync(`${dir}-socket`);
    execFileSync('chown', ['postgres:postgres', `${dir}-socket`]);
    asPostgres('pg_ctl', ['-D', dir, '-l', `${dir}.log`, '-w', '-o', `-p ${port} -k ${dir}-socket -c listen_addresses=127.0.0.1`, 'start']);
    started.push(dir);
  };
  const stop = () => {
    for (const dir of started.reverse()) {
      try {
        asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch { /* already down */ }
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    asPostgres('initdb', ['-D', primary, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    fs.appendFileSync(path.join(primary, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
    // hot_standby_feedback: the primary's VACUUM waits for the replica's queries instead of cancelling them
    fs.appendFileSync(path.join(primary, 'postgresql.conf'), '\nwal_level = replica\nmax_wal_senders = 4\nhot_standby_feedback = on\nfsync = off\n');
    start(primary, primaryPort);
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream']);
    start(replica, replicaPort);
  } catch (err) {
    const logs = [primary, replica].map((d) => `${d}.log`).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    stop();
    throw new Error(`could not make primary + replica: ${(err as Error).message}\n${logs}`);
  }
  return {
    primaryUrl: `postgresql://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgresql://postgres@127.0.0.1:${replicaPort}/postgres`,
    stop,
  };
}
