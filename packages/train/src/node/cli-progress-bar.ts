import cliProgress from 'cli-progress';
import type { ProgressBar, ProgressBarFactory } from '../progress';

/** A `cli-progress` bar: step, loss, lr, tokens/s and ETA, redrawn in place on a TTY. */
export const createCliProgressBar: ProgressBarFactory = (output, totalSteps, step, fields) => {
  const bounded = totalSteps !== undefined;
  const bars = new cliProgress.MultiBar(
    {
      stream: output as NodeJS.WritableStream,
      format: `${bounded ? 'step {value}/{total} {bar}' : 'step {value}'} | epoch {epoch} | loss {loss} | lr {lr} | {speed} tok/s | ETA {eta}`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 24,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(totalSteps ?? 0, step, { ...fields });
  const progressBar: ProgressBar = {
    update: (value, updated) => bar.update(value, { ...updated }),
    log: (line) => bars.log(line),
    stop: () => bars.stop(),
  };
  return progressBar;
};
