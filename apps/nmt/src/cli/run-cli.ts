import { errorLine } from '@heed/core';
import { InterruptedError } from '@heed/train/node';
import { CommanderError } from 'commander';
import { exitOnInterrupt } from './interrupts';
import { type CommandOutput, processOutput } from './output';
import { createProgram } from './program';

/**
 * Runs `heed-nmt` with `argv` (as `process.argv`) and returns the exit code:
 * 0 on success; 130 (SIGINT) or 143 (SIGTERM) after an interrupt, with one
 * `heed-nmt: interrupted …` line (`train` saves its checkpoint first; the
 * other commands exit at once, before writing their files); 1 with one
 * `heed-nmt: error: …` line on stderr otherwise.
 */
export async function runCli(
  argv: readonly string[],
  output: CommandOutput = processOutput,
): Promise<number> {
  const program = createProgram(output);
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  let restoreSignals: (() => void) | undefined;
  program.hook('preAction', (_program, action) => {
    // `train` handles interrupts itself: it stops after the current update and saves.
    if (action.name() !== 'train') restoreSignals = exitOnInterrupt('heed-nmt', output.stderr);
  });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof InterruptedError) {
      output.stderr.write(`heed-nmt: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // Commander has printed its own one-line message (or the help, or the version).
      return error.exitCode;
    }
    output.stderr.write(`heed-nmt: error: ${errorLine(error)}\n`);
    return 1;
  } finally {
    restoreSignals?.();
  }
}
