import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.cli.json', import.meta.url));
/** tsx's ES-module loader, as a URL for `node --import`. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const cliSource = cli;
export const cliTsconfig = tsconfig;

/** A tiny char-level GRU on 200 dates: enough to exercise every command in seconds. */
export const TINY_CONFIG = {
  data: 'builtin:dates',
  corpusSize: 200,
  validShare: 10,
  testShare: 10,
  tokenizer: 'char',
  embed: 8,
  hidden: 12,
  batchTokens: 256,
  steps: 6,
  evalEvery: 3,
  evalSentences: 4,
  backend: 'cpu',
};

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
  options: { input?: string | Uint8Array; cwd?: string } = {},
): Promise<CliRun> {
  const started = startCli(args, options);
  started.child.stdin?.end(options.input ?? '');
  return started.finished;
}

/** A running `heed-nmt` child process: its stdin stays open until the caller ends it. */
export interface StartedCli {
  child: ChildProcess;
  /** What it has written to stderr so far. */
  stderr(): string;
  finished: Promise<CliRun>;
}

/** Starts `heed-nmt <args>` in a child process, from source through tsx. */
export function startCli(args: readonly string[], options: { cwd?: string } = {}): StartedCli {
  const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const finished = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stderr: () => stderr, finished };
}

/** The `heed-nmt: error: …` lines of a run's stderr. */
export function errorLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('heed-nmt: error:'));
}
