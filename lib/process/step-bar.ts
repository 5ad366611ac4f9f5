// A terminal progress bar for work done in named steps, each counted done / total (the store's
// maintenance, run by `npm run maintain` and after `npm run ingest`): on stderr, or nothing when
// `show` is false (not a terminal, JSON output).
import cliProgress from 'cli-progress';

export interface StepBar {
  update: (step: string, done: number, total: number) => void;
  stop: () => void;
}

export function stepBar(label: string, firstStep: string, show: boolean): StepBar {
  const bar = show
    ? new cliProgress.SingleBar({ format: `${label} [{bar}] {step} {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(1, 0, { step: firstStep });
  return {
    update: (step, done, total) => {
      bar?.setTotal(Math.max(total, 1));
      bar?.update(done, { step });
    },
    stop: () => bar?.stop(),
  };
}
