import type { CommandOutput } from './output';

/** What every run prints before it starts. */
export interface RunHeader {
  command: string;
  /** The backend in use and why it was picked. */
  backend: string;
  seed: number;
  /** Shown as `key=value` pairs. */
  config: Record<string, unknown>;
}

/**
 * Prints the run header on stderr (stdout stays clean for results):
 *
 * ```
 * heed-nmt train
 *   backend  wasm (auto: …)
 *   seed     0
 *   config   data=builtin:dates arch=rnn cell=gru …
 * ```
 */
export function printRunHeader(output: CommandOutput, header: RunHeader): void {
  const pairs = Object.entries(header.config)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const lines = [
    `heed-nmt ${header.command}`,
    `  backend  ${header.backend}`,
    `  seed     ${header.seed}`,
  ];
  let line = '  config  ';
  for (const pair of pairs) {
    if (line.length + pair.length + 1 > 100 && line.trim() !== 'config') {
      lines.push(line.trimEnd());
      line = '          ';
    }
    line += ` ${pair}`;
  }
  lines.push(line.trimEnd());
  output.stderr.write(`${lines.join('\n')}\n`);
}
