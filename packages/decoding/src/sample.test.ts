import { expectNoLeaks } from '@heed/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceBatch } from '../test/batches';
import { randomTable, TabularModel } from '../test/tabular-model';
import { greedyDecode } from './greedy-decode';
import { sample } from './sample';

const model = new TabularModel({ logits: randomTable(4, 3, 5, 7, 1), maxSourceLength: 3 });
const firsts = Array.from({ length: 24 }, (_, i) => i % 3);
const lengths = Array.from({ length: 24 }, (_, i) => 1 + (i % 3));

afterAll(() => model.dispose());

/** The model's log-probs after each prefix of `tokens` (float64). */
function stepLogProbs(first: number, tokens: number[]): number[][] {
  const previous = [1, ...tokens];
  return previous.map((token, step) => model.logProbs(first, step, token));
}

describe('sample', () => {
  it('is reproducible for a seed and varies across seeds', async () => {
    const batch = sourceBatch(firsts, lengths);
    const run = (seed: number) =>
      sample(model, batch.source, batch.sourceLengths, { seed, maxLength: 5 });
    const first = await expectNoLeaks(() => run(1));
    const again = await run(1);
    const other = await run(2);
    batch.dispose();
    expect(again).toEqual(first);
    expect(other.tokens).not.toEqual(first.tokens);
  });

  it('scores the drawn tokens with the model log-probs, EOS included', async () => {
    const batch = sourceBatch(firsts, lengths);
    const result = await sample(model, batch.source, batch.sourceLengths, {
      seed: 3,
      maxLength: 5,
      temperature: 1.5,
    });
    batch.dispose();
    result.tokens.forEach((tokens, i) => {
      const steps = stepLogProbs(firsts[i] ?? 0, tokens);
      const emitted = result.reachedEos[i] ? [...tokens, 2] : tokens;
      const wanted = emitted.reduce((sum, token, step) => sum + (steps[step]?.[token] ?? 0), 0);
      expect(result.scores[i]).toBeCloseTo(wanted, 4);
    });
  });

  it('equals greedy decoding with topK 1 and with a near-zero temperature', async () => {
    const batch = sourceBatch(firsts, lengths);
    const greedy = await greedyDecode(model, batch.source, batch.sourceLengths, { maxLength: 5 });
    const topOne = await sample(model, batch.source, batch.sourceLengths, {
      topK: 1,
      seed: 5,
      maxLength: 5,
    });
    const cold = await sample(model, batch.source, batch.sourceLengths, {
      temperature: 1e-4,
      seed: 5,
      maxLength: 5,
    });
    batch.dispose();
    expect(topOne.tokens).toEqual(greedy.tokens);
    expect(cold.tokens).toEqual(greedy.tokens);
  });

  it('draws only among the topK most probable tokens', async () => {
    const batch = sourceBatch(firsts, lengths);
    const result = await sample(model, batch.source, batch.sourceLengths, {
      topK: 2,
      seed: 7,
      maxLength: 5,
    });
    batch.dispose();
    let outsideTopOne = 0;
    result.tokens.forEach((tokens, i) => {
      const steps = stepLogProbs(firsts[i] ?? 0, tokens);
      const emitted = result.reachedEos[i] ? [...tokens, 2] : tokens;
      emitted.forEach((token, step) => {
        const ranked = (steps[step] ?? []).map((_, id) => id);
        ranked.sort((a, b) => (steps[step]?.[b] ?? 0) - (steps[step]?.[a] ?? 0));
        expect(ranked.slice(0, 2)).toContain(token);
        if (token !== ranked[0]) outsideTopOne++;
      });
    });
    expect(outsideTopOne).toBeGreaterThan(0);
  });

  it('draws only inside the top-p nucleus', async () => {
    const batch = sourceBatch(firsts, lengths);
    const topP = 0.6;
    const result = await sample(model, batch.source, batch.sourceLengths, {
      topP,
      seed: 8,
      maxLength: 5,
    });
    batch.dispose();
    result.tokens.forEach((tokens, i) => {
      const steps = stepLogProbs(firsts[i] ?? 0, tokens);
      const emitted = result.reachedEos[i] ? [...tokens, 2] : tokens;
      emitted.forEach((token, step) => {
        const probabilities = (steps[step] ?? []).map(Math.exp);
        const ranked = probabilities.map((_, id) => id);
        ranked.sort((a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0));
        const nucleus: number[] = [];
        let mass = 0;
        for (const id of ranked) {
          if (mass >= topP) break;
          nucleus.push(id);
          mass += probabilities[id] ?? 0;
        }
        expect(nucleus).toContain(token);
      });
    });
  });

  it('draws first tokens with the frequencies of softmax(logits / temperature)', async () => {
    const rows = 3000;
    const batch = sourceBatch(new Array(rows).fill(0), new Array(rows).fill(1));
    const temperature = 2;
    const result = await sample(model, batch.source, batch.sourceLengths, {
      temperature,
      seed: 9,
      maxLength: 1,
    });
    batch.dispose();
    const counts = new Array<number>(7).fill(0);
    result.tokens.forEach((tokens, i) => {
      const token = result.reachedEos[i] ? 2 : (tokens[0] ?? 0);
      counts[token] = (counts[token] ?? 0) + 1;
    });
    const scaled = model.logProbs(0, 0, 1).map((value) => Math.exp(value / temperature));
    const total = scaled.reduce((a, b) => a + b, 0);
    scaled.forEach((weight, token) => {
      expect(Math.abs((counts[token] ?? 0) / rows - weight / total)).toBeLessThan(0.03);
    });
  });

  it('rejects bad sampling options', async () => {
    const batch = sourceBatch([0], [1]);
    await expect(
      sample(model, batch.source, batch.sourceLengths, { temperature: 0 }),
    ).rejects.toThrow('sample: temperature must be a positive number. Received: temperature=0');
    await expect(sample(model, batch.source, batch.sourceLengths, { topP: 0 })).rejects.toThrow(
      'sample: topP must be a number in (0, 1]. Received: topP=0',
    );
    await expect(sample(model, batch.source, batch.sourceLengths, { topK: 1.5 })).rejects.toThrow(
      'sample: topK must be a non-negative integer. Received: topK=1.5',
    );
    batch.dispose();
  });
});
