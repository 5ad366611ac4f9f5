// A process that cannot start says why in one line per problem, exit code 1, no stack trace
// (unless TRIP_ATLAS_DEBUG=1). Runs the real entry points and provokes real failures.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded';
import { describeFatal } from './fatal';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(entry: string, env: Record<string, string>) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TRIP_ATLAS_DEBUG: '', ...env },
  });
  return { code: res.status, lines: res.stderr.trim().split('\n'), stdout: res.stdout };
}

describe('bad settings stop the process with one line each', () => {
  it.each(['server.ts', 'scripts/start.ts'])('%s: a short ADMIN_TOKEN', (entry) => {
    const { code, lines } = run(entry, { ADMIN_TOKEN: 'short' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/invalid setting ADMIN_TOKEN: .*16/);
  });

  it('worker: two bad variables, two lines, no stack', () => {
    const { code, lines } = run('workers/ingest.ts', { WORKER_CONCURRENCY: 'many', GROUP_CELL_PRECISION: '9' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('an unreachable database is one line; TRIP_ATLAS_DEBUG=1 adds the stack', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/postgres` };
    const plain = run('workers/ingest.ts', env);
    expect(plain.code).toBe(1);
    expect(plain.lines).toEqual([`[worker] cannot reach the database at 127.0.0.1:${port} (ECONNREFUSED): is PostgreSQL running, and is DATABASE_URL right?`]);
    const debug = run('workers/ingest.ts', { ...env, TRIP_ATLAS_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.lines.some((l) => /^\s+at /.test(l))).toBe(true);
  });
});

describe('describeFatal', () => {
  it('names the port in use', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as net.AddressInfo;
    const second = net.createServer();
    const err = await new Promise<Error>((r) => second.once('error', r).listen(port, '127.0.0.1'));
    taken.close();
    expect(describeFatal(err)).toBe(`port ${port} (127.0.0.1) is already in use: stop the other program or set PORT to a free port`);
  });

  it('keeps other messages as they are', async () => {
    const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:1/postgres' });
    const err = await client.connect().then(() => null, (e: Error) => e);
    expect(describeFatal(err)).toMatch(/^cannot reach the database at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(describeFatal(new Error('something else'))).toBe('something else');
  });
});
