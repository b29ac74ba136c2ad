import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Runs the README's ```ts example as a module and checks that what it prints
// matches the `// → …` comments, in order, and that it leaks no tensors.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const scratch = await mkdtemp(join(packageDir, '.readme-'));

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('README', () => {
  it.each(blocks.map((code, index) => [index + 1, code] as const))(
    'example %i runs, prints what it says, and leaks no tensors',
    async (index, code) => {
      const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1]);
      const printed: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(format(...args).replace(/\s*\n\s*/g, ' '));
      });
      const file = join(scratch, `example-${index}.ts`);
      await writeFile(file, code);
      const before = tf.memory().numTensors;
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
      expect(expected.length).toBeGreaterThan(0);
      expect(printed).toEqual(expected);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
