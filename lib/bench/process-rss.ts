// Peak resident memory of a child process and everything it spawned, sampled from /proc (Linux).
// VmHWM is the kernel's own per-process peak; summing VmRSS over the tree catches helpers too.
import fs from 'node:fs';

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // exited between listing and reading
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let kids = '';
      try {
        kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch { /* task gone */ }
      for (const k of kids.split(' ').filter(Boolean).map(Number)) {
        out.push(k);
        walk(k);
      }
    }
  };
  walk(pid);
  return out;
}

/** Polls every `everyMs` until stop(); returns the peak in bytes. */
export function sampleTreeRss(pid: number, everyMs = 200): { stop: () => number } {
  let peakKb = 0;
  let hwmKb = 0;
  const sample = () => {
    const tree = [pid, ...descendants(pid)];
    peakKb = Math.max(peakKb, tree.reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0));
    hwmKb = Math.max(hwmKb, statusKb(pid, 'VmHWM'));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peakKb, hwmKb) * 1024;
    },
  };
}
