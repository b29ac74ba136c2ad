import { corpusBleu } from '@heed/metrics';
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../models/model-names';
import type { ModelResult } from './model-result';
import { meanSd, summarizeModels } from './summarize';

const WORDS = ['the', 'red', 'house', 'stands', 'near', 'an', 'old', 'river', 'and', 'a', 'tree'];
/** Sentences of 3 to 14 words, so resamples differ. */
const references = Array.from({ length: 30 }, (_, i) =>
  Array.from({ length: 3 + ((i * 7) % 12) }, (_, w) => WORDS[(i * 3 + w * 5) % WORDS.length]).join(
    ' ',
  ),
);
/** Drops some words of some references (more for smaller `every`). */
const degrade = (every: number) =>
  references.map((line, i) =>
    line
      .split(' ')
      .filter((_, w) => (w + i) % every !== 1)
      .join(' '),
  );

/** A run with only what `summarizeModels` reads. */
function run(name: ModelName, seed: number, greedy: string[], loss: number): ModelResult {
  const bleu = corpusBleu(greedy, [references]).score;
  return {
    name,
    seed,
    description: name,
    parameters: 10,
    training: { steps: 100, seconds: 2, tokensPerSecond: 50 },
    validation: { loss, perplexity: Math.exp(loss), tokens: 1 },
    test: {
      greedy: { bleu, chrf: 1, msPerSentence: 1 },
      beam: { bleu, chrf: 1, msPerSentence: 2 },
      buckets: [
        { label: '1+', min: 1, max: null, sentences: 30, greedyBleu: bleu, beamBleu: bleu },
      ],
      translations: { greedy, beam: greedy },
    },
    attentionQuality:
      name === 'none'
        ? null
        : {
            sharpness: { entropy: 0.5 + seed, normalizedEntropy: 0.2, tokens: 9 },
            alignment: null,
          },
  } as unknown as ModelResult;
}

describe('meanSd', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanSd([1, 2, 3])).toEqual({ mean: 2, sd: 1, values: [1, 2, 3] });
    expect(meanSd([4])).toEqual({ mean: 4, sd: 0, values: [4] });
  });
});

describe('summarizeModels', () => {
  const results = [
    run('none', 0, degrade(2), 3),
    run('additive', 0, references, 1),
    run('none', 1, degrade(3), 3.5),
    run('additive', 1, degrade(9), 1.5),
  ];
  const summaries = summarizeModels(results, { baseline: 'none', references, samples: 200 });

  it('reports each model over its seeds', () => {
    expect(summaries.map((model) => model.name)).toEqual(['none', 'additive']);
    const [none, additive] = summaries;
    expect(additive?.seeds).toEqual([0, 1]);
    expect(additive?.validLoss?.mean).toBeCloseTo(1.25, 12);
    expect(additive?.validLoss?.sd).toBeCloseTo(Math.SQRT1_2 * 0.5, 12);
    expect(additive?.entropy).toEqual(meanSd([0.5, 1.5]));
    expect(none?.entropy).toBeNull();
    expect(additive?.aer).toBeNull();
    expect(additive?.bleu.greedy.values).toEqual([
      results[1]?.test.greedy.bleu,
      results[3]?.test.greedy.bleu,
    ]);
  });

  it('tests every model against the baseline on all seeds’ translations together', () => {
    const [none, additive] = summaries;
    expect(none?.significance.greedy.pValue).toBeNull();
    expect(none?.significance.greedy.baseline).toBe('none');
    // The pooled score is the BLEU of both seeds' translations as one corpus.
    const pooled = corpusBleu([...references, ...degrade(9)], [[...references, ...references]]);
    expect(additive?.significance.greedy.score).toBeCloseTo(pooled.score, 10);
    // Far better than the baseline on every resample: the smallest p-value 200 resamples allow.
    expect(additive?.significance.greedy.pValue).toBeCloseTo(1 / 201, 12);
    const { mean, ci } = additive?.significance.greedy ?? { mean: 0, ci: 0 };
    expect(ci).toBeGreaterThan(0);
    expect(Math.abs(mean - pooled.score)).toBeLessThan(ci);
  });

  it('is deterministic', () => {
    expect(summarizeModels(results, { baseline: 'none', references, samples: 200 })).toEqual(
      summaries,
    );
  });

  it('names a baseline that did not run, and models with other seeds', () => {
    expect(() => summarizeModels(results, { baseline: 'dot', references, samples: 10 })).toThrow(
      "--baseline: 'dot' is not among the models of this run (none, additive)",
    );
    expect(() =>
      summarizeModels(results.slice(0, 3), { baseline: 'none', references, samples: 10 }),
    ).toThrow("model 'additive' ran with seeds 0, the baseline 'none' with 0, 1");
  });
});
