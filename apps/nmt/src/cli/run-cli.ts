import { CommanderError } from 'commander';
import { errorLine } from '../errors';
import { type CommandOutput, processOutput } from './output';
import { createProgram } from './program';

/**
 * Runs `heed-nmt` with `argv` (as `process.argv`) and returns the exit code:
 * 0 on success; 1 with one `heed-nmt: error: …` line on stderr otherwise.
 */
export async function runCli(
  argv: readonly string[],
  output: CommandOutput = processOutput,
): Promise<number> {
  const program = createProgram(output);
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own one-line message (or the help, or the version).
      return error.exitCode;
    }
    output.stderr.write(`heed-nmt: error: ${errorLine(error)}\n`);
    return 1;
  }
}
