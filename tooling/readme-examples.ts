import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** Options of `describeReadmeExamples`. */
export interface ReadmeExampleOptions {
  /** Fewest ```ts blocks the README must hold. Defaults to 1. */
  minimumExamples?: number;
  /** Also require `tf.memory().numTensors` unchanged by each example. Defaults to true. */
  checkLeaks?: boolean;
  /** Swallow what examples write to stderr (progress lines). Defaults to false. */
  quietStderr?: boolean;
  /**
   * Run each example in a Node process of its own (through tsx), with no
   * backend registered beforehand, as a reader runs it; `checkLeaks` does not
   * apply. Defaults to false (in the test process, on the suite's `cpu` backend).
   */
  standalone?: boolean;
  /**
   * Also type-check every block (and the files they import) with the
   * project's strict settings, through the packages' built `.d.ts`, as a
   * reader's editor would. Defaults to false.
   */
  typecheck?: boolean;
}

/** A block whose first line is a file name comment (`// cosine-attention.ts`) is a file the examples import. */
const FILE_BLOCK = /^\/\/ ([\w.-]+\.ts)\n/;

/** Type-checks the `.ts` files in `directory` with the root tsconfig's settings; returns tsc's report. */
async function typecheck(directory: string): Promise<{ status: number | null; output: string }> {
  const project = join(directory, 'tsconfig.json');
  await writeFile(
    project,
    JSON.stringify({
      extends: fileURLToPath(new URL('../tsconfig.base.json', import.meta.url)),
      compilerOptions: { noEmit: true, allowImportingTsExtensions: true },
      include: ['*.ts'],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Runs `file` in its own Node process from `cwd` and returns what it printed on stdout, line by line. */
function runStandalone(file: string, cwd: string, quietStderr: boolean): string[] {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(tsx).href, file], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`the example exited with ${result.status}:\n${result.stderr}`);
  }
  if (!quietStderr) process.stderr.write(result.stderr);
  return result.stdout.split('\n').filter((line) => line !== '');
}

/**
 * Runs every ```ts block of the package's README as a module, inside a scratch
 * directory in the package (so bare imports resolve as they do for the
 * sources, and files the example writes land there), and checks that what it
 * prints with console.log matches the `// → …` comments, in order. A block
 * whose first line names a file (`// cosine-attention.ts`) is written under
 * that name for the other blocks to import, and not run on its own.
 *
 * @param packageUrl `new URL('..', import.meta.url)` from a test in `src/`.
 */
export function describeReadmeExamples(packageUrl: URL, options: ReadmeExampleOptions = {}): void {
  const packageDir = fileURLToPath(packageUrl);
  const standalone = options.standalone ?? false;
  const checkLeaks = !standalone && (options.checkLeaks ?? true);
  let scratch = '';
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('README', async () => {
    const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
    const allBlocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (match) => match[1] as string,
    );
    const files = allBlocks.flatMap((code) => {
      const name = FILE_BLOCK.exec(code)?.[1];
      return name ? [{ name, code }] : [];
    });
    const blocks = allBlocks.filter((code) => !FILE_BLOCK.test(code));
    const prepare = async () => {
      if (scratch) return;
      scratch = await mkdtemp(join(packageDir, '.readme-'));
      for (const { name, code } of files) await writeFile(join(scratch, name), code);
    };

    it(`has at least ${options.minimumExamples ?? 1} runnable example(s)`, () => {
      expect(blocks.length).toBeGreaterThanOrEqual(options.minimumExamples ?? 1);
    });

    if (options.typecheck) {
      it("type-checks under the project's strict settings", async () => {
        await prepare();
        for (const [index, code] of blocks.entries()) {
          await writeFile(join(scratch, `example-${index + 1}.ts`), code);
        }
        const { status, output } = await typecheck(scratch);
        expect(output).toBe('');
        expect(status).toBe(0);
      });
    }

    it.each(blocks.map((code, index) => [index + 1, code] as const))(
      'example %i runs and prints what it says',
      async (index, code) => {
        await prepare();
        const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1]);
        const file = join(scratch, `example-${index}.ts`);
        await writeFile(file, code);
        if (standalone) {
          expect(expected.length).toBeGreaterThan(0);
          expect(runStandalone(file, scratch, options.quietStderr ?? false)).toEqual(expected);
          return;
        }
        const printed: string[] = [];
        const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
          printed.push(format(...args).replace(/\s*\n\s*/g, ' '));
        });
        const stderr = options.quietStderr
          ? vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
          : undefined;
        const tf = checkLeaks ? await import('@tensorflow/tfjs-core') : undefined;
        const before = tf?.memory().numTensors;
        const cwd = process.cwd();
        process.chdir(scratch);
        try {
          await import(file);
        } finally {
          process.chdir(cwd);
          log.mockRestore();
          stderr?.mockRestore();
        }
        expect(expected.length).toBeGreaterThan(0);
        expect(printed).toEqual(expected);
        if (tf) expect(tf.memory().numTensors).toBe(before);
      },
    );
  });
}
