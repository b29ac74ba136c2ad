import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeedError } from '../errors';
import { initializers } from '../initializers';
import { Module } from '../module';
import { expectNoLeaks, expectTensorsClose } from '../testing';
import { loadCheckpoint, loadInto, saveCheckpoint } from './checkpoint';
import { CHECKPOINT_FILES } from './checkpoint-files';

class Projection extends Module {
  constructor(
    readonly units: number,
    seed: number,
  ) {
    super(seed);
    this.addParameter('W1', [2, units], initializers.glorotUniform());
    this.addParameter('b', [units], initializers.normal());
  }

  getConfig() {
    return { units: this.units, seed: this.seed };
  }
}

class Decoder extends Module {
  constructor(units: number, seed: number) {
    super(seed);
    this.addParameter('embedding', [5, 2], initializers.normal());
    this.addModule('attention', new Projection(units, this.childSeed('attention')));
  }

  getConfig() {
    return { seed: this.seed };
  }
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'heed-checkpoint-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectHeedError(promise: Promise<unknown>, message: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(HeedError.isInstance(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('writes config.json and weights.safetensors named by module path, and reads them back', async () => {
    const model = new Decoder(3, 11);
    const directory = join(root, 'model');
    const config = { units: 3, vocabulary: ['<pad>', 'héllo'], training: { step: 4 } };
    await saveCheckpoint(directory, { weights: model, config, metadata: { producer: 'heed' } });
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'weights.safetensors']);
    expect(JSON.parse(await readFile(join(directory, 'config.json'), 'utf8'))).toEqual(config);

    const loaded = await loadCheckpoint<typeof config>(directory);
    expect(loaded.config).toEqual(config);
    expect(loaded.metadata).toEqual({ producer: 'heed' });
    expect(loaded.extraTensors.size).toBe(0);
    expect([...loaded.tensors.keys()].sort()).toEqual(['attention.W1', 'attention.b', 'embedding']);
    for (const [name, variable] of model.namedParameters()) {
      expectTensorsClose(loaded.tensors.get(name) as tf.Tensor, variable, { atol: 0 });
    }
    tf.dispose([...loaded.tensors.values()]);
    model.dispose();
    expect(await readdir(root)).toEqual(['model']); // no temporary directory left behind
  });

  it('creates missing parent directories and accepts relative paths', async () => {
    const weights = new Map([['w', tf.tensor1d([4, 5])]]);
    const directory = join(root, 'runs', 'a', 'best');
    await saveCheckpoint(relative(process.cwd(), directory), { weights });
    const loaded = await loadCheckpoint(directory);
    expectTensorsClose(loaded.tensors.get('w') as tf.Tensor, [4, 5]);
    expect(await readdir(join(root, 'runs', 'a'))).toEqual(['best']);
    tf.dispose([...weights.values(), ...loaded.tensors.values()]);
  });

  it('keeps extra tensors (optimiser state) in their own file', async () => {
    const weights = new Map([['w', tf.tensor1d([1, 2])]]);
    const extraTensors = new Map<string, tf.Tensor>([
      ['w.m', tf.tensor1d([0.1, 0.2])],
      ['step', tf.scalar(7, 'int32')],
    ]);
    const directory = join(root, 'with-state');
    await saveCheckpoint(directory, { weights, extraTensors });
    expect((await readdir(directory)).sort()).toEqual([
      'config.json',
      'extra.safetensors',
      'weights.safetensors',
    ]);
    const loaded = await loadCheckpoint(directory);
    expect(loaded.config).toEqual({});
    expect([...loaded.tensors.keys()]).toEqual(['w']);
    expectTensorsClose(loaded.extraTensors.get('w.m') as tf.Tensor, [0.1, 0.2]);
    expectTensorsClose(loaded.extraTensors.get('step') as tf.Tensor, 7, { dtype: 'int32' });
    tf.dispose([
      ...weights.values(),
      ...extraTensors.values(),
      ...loaded.tensors.values(),
      ...loaded.extraTensors.values(),
    ]);
  });

  it('replaces an existing checkpoint completely', async () => {
    const directory = join(root, 'model');
    const first = new Map([['a', tf.tensor1d([1])]]);
    const second = new Map([['b', tf.tensor1d([2])]]);
    await saveCheckpoint(directory, { weights: first, config: { v: 1 }, extraTensors: first });
    await saveCheckpoint(directory, { weights: second, config: { v: 2 } });
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'weights.safetensors']);
    const loaded = await loadCheckpoint(directory);
    expect(loaded.config).toEqual({ v: 2 });
    expect([...loaded.tensors.keys()]).toEqual(['b']);
    expect(await readdir(root)).toEqual(['model']);
    tf.dispose([...first.values(), ...second.values(), ...loaded.tensors.values()]);
  });

  it('refuses to replace a directory holding other files, or a file', async () => {
    const weights = new Map([['w', tf.scalar(1)]]);
    const notes = join(root, 'notes');
    await mkdir(notes);
    await writeFile(join(notes, 'todo.txt'), 'keep me');
    await expectHeedError(
      saveCheckpoint(notes, { weights }),
      /notes exists and holds files that are not part of a checkpoint \(todo\.txt\); refusing to replace it$/,
    );
    expect(await readFile(join(notes, 'todo.txt'), 'utf8')).toBe('keep me');
    await writeFile(join(root, 'plain'), 'x');
    await expectHeedError(
      saveCheckpoint(join(root, 'plain'), { weights }),
      /plain exists and is not a directory$/,
    );
    expect((await readdir(root)).sort()).toEqual(['notes', 'plain']);
    tf.dispose([...weights.values()]);
  });

  it('refuses a config that JSON cannot hold faithfully', async () => {
    const weights = new Map([['w', tf.scalar(1)]]);
    const directory = join(root, 'model');
    await expectHeedError(
      saveCheckpoint(directory, { weights, config: { training: { loss: Number.NaN } } }),
      'saveCheckpoint: config must not hold non-finite numbers. Received: loss=NaN',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expectHeedError(
      saveCheckpoint(directory, { weights, config: cyclic }),
      /^saveCheckpoint: config must be JSON-serialisable \(.*circular/,
    );
    await expectHeedError(
      saveCheckpoint(directory, { weights, config: () => 1 }),
      'saveCheckpoint: config must be a JSON value. Received: function',
    );
    expect(await readdir(root)).toEqual([]);
    tf.dispose([...weights.values()]);
  });

  it('names the missing or corrupt file when loading', async () => {
    const directory = join(root, 'model');
    await expectHeedError(
      loadCheckpoint(directory),
      `loadCheckpoint: ${join(directory, CHECKPOINT_FILES.config)} not found; is ${directory} a checkpoint?`,
    );
    const weights = new Map([['w', tf.tensor1d([1, 2, 3])]]);
    await saveCheckpoint(directory, { weights });
    const weightsFile = join(directory, CHECKPOINT_FILES.weights);
    const bytes = await readFile(weightsFile);
    await writeFile(weightsFile, bytes.subarray(0, bytes.length - 4));
    await expectHeedError(
      loadCheckpoint(directory),
      `${weightsFile}: tensor 'w': data_offsets [0, 12] lie outside the 8 data bytes (truncated file?)`,
    );
    await rm(weightsFile);
    await expectHeedError(loadCheckpoint(directory), `loadCheckpoint: ${weightsFile} not found`);
    await writeFile(join(directory, CHECKPOINT_FILES.config), '{"units": 3,');
    await expectHeedError(
      loadCheckpoint(directory),
      new RegExp(`^${join(directory, 'config.json')}: not valid JSON \\(`),
    );
    tf.dispose([...weights.values()]);
  });

  it('disposes the weights when the extra file is corrupt', async () => {
    const directory = join(root, 'model');
    const weights = new Map([['w', tf.tensor1d([1, 2, 3])]]);
    await saveCheckpoint(directory, { weights, extraTensors: weights });
    await writeFile(join(directory, CHECKPOINT_FILES.extra), new Uint8Array(3));
    await expectNoLeaks(() =>
      expectHeedError(
        loadCheckpoint(directory),
        `${join(directory, CHECKPOINT_FILES.extra)}: 3 bytes is too short`,
      ),
    );
    tf.dispose([...weights.values()]);
  });
});

describe('loadInto', () => {
  it('restores a model built with another seed, and leaks nothing', async () => {
    const trained = new Decoder(3, 1);
    const fresh = new Decoder(3, 2);
    const directory = join(root, 'model');
    await saveCheckpoint(directory, { weights: trained, config: trained.getConfig() });
    const result = await expectNoLeaks(() => loadInto(fresh, directory));
    expect(result).toEqual({ config: { seed: 1 }, report: { missing: [], extra: [] } });
    for (const [name, variable] of trained.namedParameters()) {
      expectTensorsClose(fresh.namedParameters().get(name) as tf.Tensor, variable, { atol: 0 });
    }
    trained.dispose();
    fresh.dispose();
  });

  it('lists what is missing, extra and mismatched, naming the file, and assigns nothing', async () => {
    const model = new Decoder(3, 1);
    const before = model.namedParameters().get('embedding')?.dataSync().slice();
    const directory = join(root, 'model');
    const weights = new Map<string, tf.Tensor>([
      ['embedding', tf.zeros([5, 2])],
      ['attention.W1', tf.zeros([2, 4])],
      ['attention.bias', tf.zeros([3])],
    ]);
    await saveCheckpoint(directory, { weights });
    await expectHeedError(
      loadInto(model, directory),
      `${join(directory, 'weights.safetensors')}: Decoder: parameters do not match. ` +
        'missing: attention.b. extra: attention.bias. ' +
        'mismatched: attention.W1: expected float32[2, 3], received float32[2, 4]',
    );
    expect(model.namedParameters().get('embedding')?.dataSync()).toEqual(before);
    model.dispose();
    tf.dispose([...weights.values()]);
  });

  it('with strict: false loads the shared names and reports the rest', async () => {
    const model = new Decoder(3, 1);
    const directory = join(root, 'model');
    const weights = new Map<string, tf.Tensor>([
      ['embedding', tf.ones([5, 2])],
      ['unused', tf.ones([1])],
    ]);
    await saveCheckpoint(directory, { weights });
    const { report } = await loadInto(model, directory, { strict: false });
    expect(report).toEqual({ missing: ['attention.W1', 'attention.b'], extra: ['unused'] });
    expectTensorsClose(
      model.namedParameters().get('embedding') as tf.Tensor,
      weights.get('embedding') as tf.Tensor,
    );
    model.dispose();
    tf.dispose([...weights.values()]);
  });

  it('reports a dtype mismatch', async () => {
    const model = new Projection(1, 0);
    const directory = join(root, 'model');
    const weights = new Map<string, tf.Tensor>([
      ['W1', tf.zeros([2, 1], 'int32')],
      ['b', tf.zeros([1])],
    ]);
    await saveCheckpoint(directory, { weights });
    await expectHeedError(
      loadInto(model, directory),
      'mismatched: W1: expected float32[2, 1], received int32[2, 1]',
    );
    model.dispose();
    tf.dispose([...weights.values()]);
  });
});
