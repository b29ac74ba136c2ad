import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Runs every ```ts block of the README as a module (inside a scratch directory,
// so the files it writes land there) and checks that what it prints matches the
// `// → …` comments, in order.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const scratch = await mkdtemp(join(packageDir, '.readme-'));

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('README', () => {
  it.each(blocks.map((code, index) => [index + 1, code] as const))(
    'example %i runs and prints what it says',
    async (index, code) => {
      const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1]);
      const printed: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      const file = join(scratch, `example-${index}.ts`);
      await writeFile(file, code);
      const cwd = process.cwd();
      process.chdir(scratch);
      try {
        await import(file);
      } finally {
        process.chdir(cwd);
        log.mockRestore();
      }
      expect(expected.length).toBeGreaterThan(0);
      expect(printed).toEqual(expected);
    },
  );
});
