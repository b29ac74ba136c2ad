import { errorLine } from '@heed/core';
import { InterruptedError } from '@heed/train/node';
import { CommanderError } from 'commander';
import { type CommandOutput, createProgram, processOutput } from './program';

/**
 * Runs `heed-compare` with `argv` (as `process.argv`) and returns the exit
 * code: 0 on success, 130 (SIGINT) or 143 (SIGTERM) after an interrupt (the
 * run resumes when repeated),
 * 1 with one `heed-compare: error: …` line on stderr otherwise.
 */
export async function runCli(
  argv: readonly string[],
  output: CommandOutput = processOutput,
): Promise<number> {
  const program = createProgram(output);
  program.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // Commander has printed its own one-line message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof InterruptedError) {
      output.stderr.write(`heed-compare: ${error.message}\n`);
      return error.exitCode;
    }
    output.stderr.write(`heed-compare: error: ${errorLine(error)}\n`);
    return 1;
  }
}
