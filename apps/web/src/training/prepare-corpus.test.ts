import { loadBuiltinCorpus } from '@heed/data';
import { describe, expect, it } from 'vitest';
import { prepareCorpus } from './prepare-corpus';
import { DEFAULT_TRAINING_CONFIG, validateTrainingConfig } from './training-config';

const config = { ...DEFAULT_TRAINING_CONFIG, corpusSize: 400, batchTokens: 256 };

describe('prepareCorpus', () => {
  const corpus = prepareCorpus(config);
  const rows = (batches: typeof corpus.training) => batches.flatMap((batch) => batch.source);

  it('holds 5% out for validation and batches the rest within batchTokens', () => {
    expect(rows(corpus.training)).toHaveLength(380);
    expect(rows(corpus.validation)).toHaveLength(20);
    for (const batch of corpus.training) {
      const longest = Math.max(
        ...batch.source.map((ids) => ids.length),
        ...batch.target.map((ids) => ids.length),
      );
      expect(batch.source.length * longest).toBeLessThanOrEqual(config.batchTokens);
    }
  });

  it('encodes per character for dates, each sentence ending in EOS, with its reference', () => {
    const [batch] = corpus.validation;
    const target = batch?.target[0] as number[];
    expect(target.at(-1)).toBe(2);
    expect(corpus.tokenizers.target.decode(target.slice(0, -1))).toBe(batch?.references[0]);
    expect(corpus.tokenizers.target.kind).toBe('char');
  });

  it('watches a validation sentence, the same one for every seed', () => {
    const references = corpus.validation.flatMap((batch) => batch.references);
    expect(references).toContain(corpus.watched.target);
    const all = loadBuiltinCorpus('dates', { size: 400 }).pairs;
    expect(all).toContainEqual(corpus.watched);
    expect(prepareCorpus({ ...config, seed: 7 }).watched).toEqual(corpus.watched);
  });
});

describe('validateTrainingConfig', () => {
  it('names the field and value a form got wrong', () => {
    expect(() => validateTrainingConfig({ ...config, steps: 0 })).toThrow(
      'TrainingConfig: steps must be a positive integer. Received: steps=0',
    );
    expect(() =>
      validateTrainingConfig({ ...config, arch: 'transformer', hidden: 30, heads: 4 }),
    ).toThrow('hidden must be a multiple of heads for the Transformer');
  });
});
