import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveBundle } from '@heed/models/node';
import { WordTokenizer } from '@heed/tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model';
import type { RecipeConfig } from '../recipe-config';
import { resolveConfig } from '../resolve-config';
import { assertCompatibleConfig, bundleRunEntry, loadTranslationCheckpoint } from './checkpoint';

const root = await mkdtemp(join(tmpdir(), 'heed-recipe-bundles-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const tokenizers = {
  source: WordTokenizer.train(['the cat sleeps', 'a dog']),
  target: WordTokenizer.train(['el gato duerme', 'un perro']),
};
const config = resolveConfig({ attention: 'dot', embed: 8, hidden: 8, data: 'builtin:dates' });
const sizes = {
  sourceVocabSize: tokenizers.source.vocab.size,
  targetVocabSize: tokenizers.target.vocab.size,
};

describe('loadTranslationCheckpoint of an inference bundle', () => {
  it('restores the run config heed-nmt export stores in the bundle', async () => {
    const model = createModel(config, sizes);
    const file = await saveBundle(join(root, 'run', 'model.safetensors'), model, tokenizers, {
      metadata: bundleRunEntry(config),
    });
    for (const path of [file, join(root, 'run')]) {
      const loaded = await loadTranslationCheckpoint(path);
      expect(loaded.directory).toBe(file);
      expect(loaded.configStored).toBe(true);
      expect(loaded.record.config).toEqual(config);
      expect(loaded.runDirectory).toBeUndefined();
      expect(loaded.model.parameterCount()).toBe(model.parameterCount());
      loaded.model.dispose();
    }
    model.dispose();
  });

  it('reads a run config written before weight averaging as a run without it', async () => {
    const model = createModel(config, sizes);
    const { averageDecay, ...predating } = config;
    expect(averageDecay).toBe(0.999);
    const file = await saveBundle(join(root, 'predating.safetensors'), model, tokenizers, {
      metadata: bundleRunEntry(predating as RecipeConfig),
    });
    const loaded = await loadTranslationCheckpoint(file);
    expect(loaded.record.config).toEqual({ ...config, averageDecay: 0 });
    loaded.model.dispose();
    model.dispose();
  });

  it("falls back to the recipe's defaults for the model's architecture and attention without one", async () => {
    const model = createModel(config, sizes);
    const file = await saveBundle(join(root, 'plain.safetensors'), model, tokenizers);
    const loaded = await loadTranslationCheckpoint(file);
    expect(loaded.configStored).toBe(false);
    expect(loaded.record.config).toMatchObject({
      arch: 'rnn',
      attention: 'dot',
      tokenizer: 'word',
    });
    expect(loaded.record.config.data).toBeUndefined();
    loaded.model.dispose();
    model.dispose();
  });
});

describe('assertCompatibleConfig', () => {
  it("compares flags with the checkpoint's model, defaults included", () => {
    // A long run left the encoder to its default: the model is bidirectional.
    const longRun = resolveConfig({ time: 3600 });
    expect(() =>
      assertCompatibleConfig(longRun, { bidirectional: true, attention: 'additive' }, 'runs/a'),
    ).not.toThrow();
    expect(() => assertCompatibleConfig(longRun, { bidirectional: false }, 'runs/a')).toThrow(
      "runs/a: incompatible config: --bidirectional false differs from the checkpoint's true",
    );
    expect(() =>
      assertCompatibleConfig(resolveConfig({}), { bidirectional: true }, 'runs/b'),
    ).toThrow(
      "runs/b: incompatible config: --bidirectional true differs from the checkpoint's false",
    );
  });
});
