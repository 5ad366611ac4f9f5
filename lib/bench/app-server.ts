// The app (server.ts, production build) as a child process on a free port against one database,
// for benchmarks that measure the HTTP API the way clients see it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../db/embedded';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AppServer {
  base: string;
  stop: () => void;
}

export async function startApp(databaseUrl: string): Promise<AppServer> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (res.status !== 0) throw new Error('next build failed');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: ROOT, stdio: 'ignore',
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOSTNAME: '127.0.0.1', NODE_ENV: 'production' },
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => void child.kill('SIGTERM');
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, stop };
    } catch { /* not listening yet */ }
    if (i > 300 || child.exitCode !== null) {
      stop();
      throw new Error('the app did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * fetch, once more when the connection was closed under the request (a keep-alive socket the
 * server closed while idle: nothing was answered, so the retry is the measured request).
 */
async function fetchOnce(url: string, init?: RequestInit): Promise<{ res: Response; t0: number }> {
  let t0 = performance.now();
  try {
    return { res: await fetch(url, init), t0 };
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    t0 = performance.now();
    return { res: await fetch(url, init), t0 };
  }
}

/** GET returning the parsed JSON body and the elapsed milliseconds; throws on non-2xx. */
export async function timedGet<T>(url: string): Promise<{ body: T; ms: number }> {
  const { res, t0 } = await fetchOnce(url);
  const body = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${res.status} ${url}: ${JSON.stringify(body)}`);
  return { body: body as T, ms };
}

/** POST of a JSON body returning the parsed JSON answer and the elapsed milliseconds; throws on non-2xx. */
export async function timedPost<T>(url: string, payload: unknown): Promise<{ body: T; ms: number }> {
  const { res, t0 } = await fetchOnce(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${res.status} POST ${url}: ${JSON.stringify(body)}`);
  return { body: body as T, ms };
}
