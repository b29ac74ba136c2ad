import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeedError } from '../errors';
import { expectTensorsClose } from '../testing';
import { writeFileAtomically } from './atomic-file';
import { loadCheckpoint, recoverCheckpoint, saveCheckpoint } from './checkpoint';

/** Failures to inject into the file system the checkpoint code sees. */
const inject = vi.hoisted(() => ({
  /** Fail half-way through writing a file whose name ends with this. */
  writeEndingWith: undefined as string | undefined,
  /** Fail a rename whose source matches this. */
  renameFrom: undefined as RegExp | undefined,
  /**
   * Kill the process at this file-system step (1-based; mkdir, open, write,
   * sync, close, rename and rm each count): that step does not happen (a
   * write gets half its bytes out) and every later call fails, as nothing
   * runs after a kill.
   */
  killAtStep: undefined as number | undefined,
  steps: 0,
}));

/** The error every file-system call throws once the injected kill happened. */
class Killed extends Error {}

/** Counts a file-system step; throws `Killed` at and after the injected kill. */
function step(): void {
  if (inject.killAtStep === undefined) return;
  inject.steps += 1;
  if (inject.steps >= inject.killAtStep) throw new Killed(`killed at step ${inject.killAtStep}`);
}

/** Whether the next step is the injected kill (or comes after it). */
function killedNext(): boolean {
  return inject.killAtStep !== undefined && inject.steps + 1 >= inject.killAtStep;
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const halfThenKilled = async (handle: FileHandle, data: Uint8Array | string) => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    step();
  };
  /** A handle whose writeFile, sync and close count as steps. */
  const counted = (handle: FileHandle): FileHandle =>
    new Proxy(handle, {
      get(target, property) {
        if (property === 'writeFile') {
          return async (data: Uint8Array | string) => {
            if (killedNext()) return halfThenKilled(target, data);
            step();
            return target.writeFile(data);
          };
        }
        if (property === 'sync' || property === 'close') {
          return async () => {
            step();
            return target[property]();
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const failing = (handle: FileHandle): FileHandle =>
    new Proxy(handle, {
      get(target, property) {
        if (property === 'writeFile') {
          return async (data: Uint8Array | string) => {
            const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
            await target.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
            throw Object.assign(new Error('EIO: i/o error, write (injected)'), { code: 'EIO' });
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    ...actual,
    mkdir: async (...args: Parameters<typeof actual.mkdir>) => {
      step();
      return actual.mkdir(...args);
    },
    rm: async (...args: Parameters<typeof actual.rm>) => {
      step();
      return actual.rm(...args);
    },
    open: async (...args: Parameters<typeof actual.open>) => {
      step();
      const handle = await actual.open(...args);
      const suffix = inject.writeEndingWith;
      if (inject.killAtStep !== undefined) return counted(handle);
      return suffix && String(args[0]).endsWith(suffix) ? failing(handle) : handle;
    },
    rename: async (from: string, to: string) => {
      step();
      if (inject.renameFrom?.test(from)) {
        throw Object.assign(new Error(`EXDEV: injected rename failure '${from}'`), {
          code: 'EXDEV',
        });
      }
      return actual.rename(from, to);
    },
  };
});

let root: string;
let directory: string;
const oldWeights = new Map<string, tf.Tensor>();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'heed-atomic-'));
  directory = join(root, 'model');
  oldWeights.set('w', tf.tensor1d([1, 2, 3]));
  await saveCheckpoint(directory, { weights: oldWeights, config: { version: 'old' } });
});

afterEach(async () => {
  inject.writeEndingWith = undefined;
  inject.renameFrom = undefined;
  inject.killAtStep = undefined;
  tf.dispose([...oldWeights.values()]);
  oldWeights.clear();
  await rm(root, { recursive: true, force: true });
});

async function saveNewVersion(): Promise<unknown> {
  const weights = new Map([['w', tf.tensor1d([7, 8, 9, 10])]]);
  try {
    await saveCheckpoint(directory, { weights, config: { version: 'new' }, extraTensors: weights });
    return undefined;
  } catch (error) {
    return error;
  } finally {
    tf.dispose([...weights.values()]);
  }
}

async function expectOldCheckpointIntact(): Promise<void> {
  expect(await readdir(root)).toEqual(['model']); // no temporary or backup directory left
  expect((await readdir(directory)).sort()).toEqual(['config.json', 'weights.safetensors']);
  const loaded = await loadCheckpoint(directory);
  expect(loaded.config).toEqual({ version: 'old' });
  expectTensorsClose(loaded.tensors.get('w') as tf.Tensor, [1, 2, 3]);
  tf.dispose([...loaded.tensors.values()]);
}

describe('saveCheckpoint is atomic', () => {
  it('keeps the old checkpoint when writing the weights fails half-way', async () => {
    inject.writeEndingWith = 'weights.safetensors';
    const error = await saveNewVersion();
    expect(HeedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `saveCheckpoint: could not write ${directory} (EIO: i/o error, write (injected))`,
    );
    await expectOldCheckpointIntact();
  });

  it('keeps the old checkpoint when writing the last file fails half-way', async () => {
    inject.writeEndingWith = 'extra.safetensors';
    expect(HeedError.isInstance(await saveNewVersion())).toBe(true);
    await expectOldCheckpointIntact();
  });

  it('puts the old checkpoint back when moving the new one into place fails', async () => {
    inject.renameFrom = /\.model\.tmp-[0-9a-f-]+$/;
    const error = await saveNewVersion();
    expect((error as Error).message).toMatch(
      /^saveCheckpoint: could not write .*model \(EXDEV: injected rename failure/,
    );
    await expectOldCheckpointIntact();
  });

  it('says where the old checkpoint is when it cannot be put back either', async () => {
    inject.renameFrom = /\.model\.tmp-/;
    const error = await saveNewVersion();
    const message = (error as Error).message;
    expect(message).toMatch(
      /^saveCheckpoint: could not move the new checkpoint to .*model \(EXDEV: .*\) nor put the previous one back; it is kept at .*\.previous$/,
    );
    const kept = message.slice(message.lastIndexOf('kept at ') + 'kept at '.length);
    inject.renameFrom = undefined;
    const loaded = await loadCheckpoint(kept);
    expect(loaded.config).toEqual({ version: 'old' });
    tf.dispose([...loaded.tensors.values()]);
  });

  it('leaves no directory at all when a first save fails', async () => {
    await rm(directory, { recursive: true });
    inject.writeEndingWith = 'config.json';
    expect(HeedError.isInstance(await saveNewVersion())).toBe(true);
    expect(await readdir(root)).toEqual([]);
  });

  it('succeeds once the failure is gone', async () => {
    expect(await saveNewVersion()).toBeUndefined();
    const loaded = await loadCheckpoint(directory);
    expect(loaded.config).toEqual({ version: 'new' });
    expectTensorsClose(loaded.tensors.get('w') as tf.Tensor, [7, 8, 9, 10]);
    tf.dispose([...loaded.tensors.values(), ...loaded.extraTensors.values()]);
  });
});

describe('writeFileAtomically', () => {
  it('replaces a file whole and creates missing directories', async () => {
    const file = join(root, 'deep', 'er', 'notes.txt');
    expect(await writeFileAtomically(file, 'first\n')).toBe(file);
    await writeFileAtomically(file, new TextEncoder().encode('second\n'));
    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect(await readdir(join(root, 'deep', 'er'))).toEqual(['notes.txt']);
  });

  for (const [failure, setUp] of [
    [
      'the write fails half-way',
      () => {
        inject.writeEndingWith = '.tmp';
      },
    ],
    [
      'the rename fails',
      () => {
        inject.renameFrom = /notes\.txt\.[0-9a-f-]+\.tmp$/;
      },
    ],
  ] as const) {
    it(`keeps the old file and leaves no temporary file when ${failure}`, async () => {
      const file = join(root, 'notes.txt');
      await writeFile(file, 'old\n');
      setUp();
      await expect(writeFileAtomically(file, 'new\n')).rejects.toThrow(/injected/);
      expect((await readdir(root)).sort()).toEqual(['model', 'notes.txt']);
      expect(await readFile(file, 'utf8')).toBe('old\n');
    });
  }
});

describe('saveCheckpoint killed at any file-system step', () => {
  /** What a reader finds: the old or the new checkpoint, whole, or none. */
  async function readVersion(): Promise<'old' | 'new' | 'none'> {
    let loaded: Awaited<ReturnType<typeof loadCheckpoint>>;
    try {
      loaded = await loadCheckpoint(directory);
    } catch (error) {
      expect((error as Error).message).toMatch(/config\.json not found/);
      return 'none';
    }
    const version = (loaded.config as { version: 'old' | 'new' }).version;
    const weights = loaded.tensors.get('w') as tf.Tensor;
    expectTensorsClose(weights, version === 'old' ? [1, 2, 3] : [7, 8, 9, 10]);
    expect(loaded.extraTensors.size).toBe(version === 'old' ? 0 : 1);
    tf.dispose([...loaded.tensors.values(), ...loaded.extraTensors.values()]);
    return version;
  }

  for (const firstSave of [false, true]) {
    it(`leaves a complete ${firstSave ? 'new checkpoint or none' : 'old or new checkpoint'}, which recovery keeps and cleans up after${firstSave ? ' (first save)' : ''}`, async () => {
      const seen = new Map<number, string>();
      for (let killAt = 1; ; killAt++) {
        await rm(directory, { recursive: true, force: true });
        if (!firstSave)
          await saveCheckpoint(directory, { weights: oldWeights, config: { version: 'old' } });
        inject.steps = 0;
        inject.killAtStep = killAt;
        const error = await saveNewVersion();
        inject.killAtStep = undefined;
        if (error === undefined) break; // the save finished before step `killAt`
        expect(error).toBeInstanceOf(Killed);

        const left = (await readdir(root)).sort();
        const version = await readVersion();
        expect(version).not.toBe(firstSave ? 'old' : 'none');
        expect((await readdir(root)).sort()).toEqual(left); // reading changes nothing
        seen.set(
          killAt,
          left.includes('model') || version === 'none' ? version : `${version} from .previous`,
        );
        const recovery = await recoverCheckpoint(directory);
        expect(await readdir(root)).toEqual(version === 'none' ? [] : ['model']);
        expect(await readVersion()).toBe(version);
        if (recovery.restored)
          expect(recovery.restored).toMatch(/\.model\.tmp-[0-9a-f-]+\.previous$/);

        expect(await saveNewVersion()).toBeUndefined();
        expect(await readVersion()).toBe('new');
        expect(await readdir(root)).toEqual(['model']);
      }
      // Every step of the save was a kill point: mkdir, 3 × (open, write, sync, close), rename(s), rm.
      expect(seen.size).toBeGreaterThanOrEqual(firstSave ? 14 : 16);
      const versions = new Set(seen.values());
      expect([...versions].sort()).toEqual(
        firstSave ? ['none'] : ['new', 'old', 'old from .previous'],
      );
    });
  }
});
