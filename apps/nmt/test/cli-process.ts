import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.cli.json', import.meta.url));
/** tsx's ES-module loader, as a URL for `node --import`. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const cliSource = cli;
export const cliTsconfig = tsconfig;

/** What a `heed-nmt` child process did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `heed-nmt <args>` in a child process, from source through tsx (so no
 * build is needed), feeding `input` to its stdin.
 */
export function runCli(
  args: readonly string[],
  options: { input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The `heed-nmt: error: …` lines of a run's stderr. */
export function errorLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('heed-nmt: error:'));
}
