import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, recoverCheckpoint } from './checkpoint';

const saver = fileURLToPath(
  new URL('../__fixtures__/save-checkpoints-forever.ts', import.meta.url),
);
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'heed-kill-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts the saver and resolves once it has printed `saved <after>`. */
function startSaver(directory: string, after: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, saver, directory], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let printed = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
      if (printed.includes(`saved ${after}\n`)) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the saver exited with ${code}: ${printed}`)));
  });
}

describe('a process killed while it saves checkpoints', () => {
  // Kills land at different moments of a save: after 2, 5, 9 … saves plus a delay.
  it.each([
    [2, 0],
    [3, 3],
    [5, 7],
    [4, 13],
  ])(
    'leaves a complete checkpoint under the expected name (killed after save %i + %i ms)',
    async (after, delay) => {
      const directory = join(root, `model-${after}-${delay}`);
      const child = await startSaver(directory, after);
      await new Promise((resolve) => setTimeout(resolve, delay));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const loaded = await loadCheckpoint<{ number: number }>(directory);
      const { number } = loaded.config;
      expect(number).toBeGreaterThanOrEqual(after);
      const weights = loaded.tensors.get('w') as tf.Tensor;
      expect(Array.from(await weights.data())).toEqual(new Array(number + 1).fill(number));
      weights.dispose();

      await recoverCheckpoint(directory);
      expect(await readdir(root)).toContain(`model-${after}-${delay}`);
      expect(
        (await readdir(root)).filter((name) => name.includes(`${after}-${delay}.tmp-`)),
      ).toEqual([]);
      const recovered = await loadCheckpoint<{ number: number }>(directory);
      expect(recovered.config.number).toBe(number);
      for (const tensor of recovered.tensors.values()) tensor.dispose();
    },
  );
});
