import { type InterruptSignal, SIGNAL_EXIT_CODES } from '@heed/train/node';

const SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as InterruptSignal[];

/**
 * For a command that has nothing to save when stopped: on SIGINT or SIGTERM,
 * writes `<program>: interrupted by <signal>; …` and exits with 130 or 143.
 * Its output files are written whole when it finishes, so none was changed.
 * @returns A function that removes the handlers.
 */
export function exitOnInterrupt(program: string, stderr: NodeJS.WritableStream): () => void {
  const handler = (signal: NodeJS.Signals) => {
    stderr.write(
      `${program}: interrupted by ${signal}; stopped before finishing (output files are written only at the end, so none was changed)\n`,
    );
    process.exit(SIGNAL_EXIT_CODES[signal as InterruptSignal]);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
