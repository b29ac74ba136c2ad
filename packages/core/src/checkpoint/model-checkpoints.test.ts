import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initializers } from '../initializers';
import { Module } from '../module';
import * as node from '../node/checkpoint';
import { modelCheckpoints } from './model-checkpoints';

interface ProjectionConfig {
  units: number;
  seed: number;
}

class Projection extends Module {
  constructor(readonly config: ProjectionConfig) {
    super(config.seed);
    this.addParameter('W', [3, config.units], initializers.glorotUniform());
  }

  getConfig(): ProjectionConfig {
    return { ...this.config };
  }
}

const create = (config: ProjectionConfig) => new Projection(config);
const root = await mkdtemp(join(tmpdir(), 'heed-model-checkpoints-'));
afterAll(() => rm(root, { recursive: true, force: true }));

function weights(module: Module): Float32Array {
  return module.namedParameters().get('W')?.dataSync() as Float32Array;
}

describe('modelCheckpoints', () => {
  it("saves a model's config under its key and its weights, and rebuilds it from a directory or bytes", async () => {
    const checkpoints = node.modelCheckpoints('Projection', 'projection', create);
    const model = new Projection({ units: 4, seed: 7 });
    const directory = join(root, 'saved');
    await checkpoints.save(model, directory);
    expect(JSON.parse(await readFile(join(directory, 'config.json'), 'utf8'))).toEqual({
      projection: { units: 4, seed: 7 },
    });
    const files = await checkpoints.toFiles(model);
    expect(JSON.parse(files.config as string)).toEqual({ projection: { units: 4, seed: 7 } });
    const before = tf.memory().numTensors;
    for (const source of [directory, files]) {
      const loaded = await checkpoints.load(source);
      expect(loaded.getConfig()).toEqual(model.getConfig());
      expect(weights(loaded)).toEqual(weights(model));
      loaded.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('names the class and the source when the checkpoint holds another model', async () => {
    const model = new Projection({ units: 4, seed: 1 });
    const files = await modelCheckpoints('Projection', 'projection', create).toFiles(model);
    await expect(modelCheckpoints('Other', 'other', create).load(files)).rejects.toThrow(
      "Other.load: checkpoint bytes holds no 'other' config in config.json",
    );
    const wider = { ...files, config: JSON.stringify({ projection: { units: 5, seed: 1 } }) };
    await expect(modelCheckpoints('Projection', 'projection', create).load(wider)).rejects.toThrow(
      /^Projection\.load: checkpoint bytes: .*W/,
    );
    model.dispose();
  });

  it("in a page's build, saving to a directory points at the bytes", async () => {
    const model = new Projection({ units: 2, seed: 1 });
    await expect(
      modelCheckpoints('Projection', 'projection', create).save(model, join(root, 'page')),
    ).rejects.toThrow(/needs Node's file system; in a page use encodeCheckpoint/);
    model.dispose();
  });
});
