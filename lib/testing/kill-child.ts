// Runs lib/testing/store-op-child.ts and SIGKILLs it at a random moment after its first step.
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Returns the child's output up to its death. */
export async function killStoreOpPartWay(op: 'delete' | 'drop', databaseUrl: string, arg: string, maxDelayMs = 60): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'lib/testing/store-op-child.ts'), op, databaseUrl, arg],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let armed = false;
  const exited = new Promise((r) => child.once('exit', r));
  child.stdout.on('data', (d) => {
    out += d;
    if (!armed && out.includes('step 1/')) {
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * maxDelayMs);
    }
  });
  await exited;
  return out;
}
