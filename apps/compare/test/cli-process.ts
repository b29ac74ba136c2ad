import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.cli.json', import.meta.url));
/** tsx's ES-module loader, as a URL for `node --import`. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** What a `heed-compare` child process did. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `heed-compare <args>` in a child process, from source through tsx (so
 * no build is needed). `onStderr` sees stderr as it arrives and may stop the
 * child (e.g. send SIGINT once training has begun).
 */
export function runCli(
  args: readonly string[],
  onStderr?: (text: string, stop: (signal: NodeJS.Signals) => void) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...args], {
      env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
