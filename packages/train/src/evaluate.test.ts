import { expectNoLeaks } from '@heed/core/testing';
import { maskedCrossEntropy } from '@heed/losses';
import { corpusBleu } from '@heed/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { copyTaskBatches, TinySeq2Seq } from '../test/tiny-model';
import { batchTensors, packBatch, type TrainingBatch } from './batch';
import { evaluateModel, proportionalShares } from './evaluate';

const batches = copyTaskBatches({ batches: 3, batchSize: 3, vocabSize: 9, maxLength: 4, seed: 8 });
const detokenize = (ids: readonly number[]) => ids.map((id) => `w${id}`).join(' ');

describe('evaluateModel', () => {
  const model = new TinySeq2Seq({ sourceVocabSize: 9, targetVocabSize: 9, seed: 3 });

  it('averages the full-softmax loss over every real target token', async () => {
    const result = await expectNoLeaks(() => evaluateModel(model, batches, { decode: false }));
    let total = 0;
    let tokens = 0;
    for (const batch of batches) {
      tf.tidy(() => {
        const tensors = batchTensors(packBatch('test', batch));
        const { logits } = model.forward(
          tensors.source,
          tensors.sourceLengths,
          tensors.targetInput,
        );
        const { loss, tokenCount } = maskedCrossEntropy(logits, tensors.targetOutput, {
          reduction: 'sum',
        });
        total += loss.dataSync()[0] ?? 0;
        tokens += tokenCount.dataSync()[0] ?? 0;
      });
    }
    expect(result.tokens).toBe(tokens);
    expect(result.loss).toBeCloseTo(total / tokens, 5);
    expect(result.perplexity).toBeCloseTo(Math.exp(total / tokens), 4);
    expect(result.bleu).toBeUndefined();
  });

  it('takes the loss of a model with forwardHidden from its hidden states, never calling forward', async () => {
    const reference = await evaluateModel(model, batches, { decode: false });
    const hiddenOnly = Object.assign(Object.create(model) as TinySeq2Seq, {
      forward: () => {
        throw new Error('forward must not be called');
      },
      forwardHidden: (...args: Parameters<TinySeq2Seq['forward']>) => {
        const { logits, ...rest } = model.forward(...args);
        logits.dispose();
        return rest;
      },
    });
    const result = await expectNoLeaks(() => evaluateModel(hiddenOnly, batches, { decode: false }));
    expect(result.tokens).toBe(reference.tokens);
    expect(Math.abs(result.loss - reference.loss)).toBeLessThan(1e-5);
  });

  it('takes the decoded sentences from every batch in proportion to its size', async () => {
    expect(proportionalShares(4, [3, 3, 3])).toEqual([2, 1, 1]);
    expect(proportionalShares(100, [3, 3, 3])).toEqual([3, 3, 3]);
    expect(proportionalShares(5, [8, 1, 1])).toEqual([4, 1, 0]);
    expect(proportionalShares(10, [10, 6, 4])).toEqual([5, 3, 2]);
    const result = await evaluateModel(model, batches, {
      detokenize,
      decode: { sentences: 3, maxLength: 6 },
    });
    // One sentence from each of the three batches, not the whole first batch.
    expect(result.references).toEqual(batches.map((batch) => detokenize(batch.source[0] ?? [])));
  });

  it('scores greedy and beam translations with BLEU and chrF', async () => {
    const greedy = await expectNoLeaks(() =>
      evaluateModel(model, batches, { detokenize, decode: { sentences: 4, maxLength: 6 } }),
    );
    expect(greedy.hypotheses).toHaveLength(4);
    expect(greedy.references?.[0]).toBe(detokenize(batches[0]!.source[0] ?? []));
    expect(greedy.bleu).toBeCloseTo(
      corpusBleu(greedy.hypotheses ?? [], [greedy.references ?? []]).score,
      10,
    );
    expect(greedy.chrf).toBeGreaterThanOrEqual(0);
    const beam = await expectNoLeaks(() =>
      evaluateModel(model, batches, {
        detokenize,
        decode: { sentences: 2, beamSize: 3, maxLength: 6 },
      }),
    );
    expect(beam.hypotheses).toHaveLength(2);
  });

  it('prefers references given with the batch', async () => {
    const withReferences: TrainingBatch[] = [{ ...batches[0]!, references: ['a', 'b', 'c'] }];
    const result = await evaluateModel(model, withReferences, {
      detokenize,
      decode: { sentences: 3, maxLength: 4 },
    });
    expect(result.references).toEqual(['a', 'b', 'c']);
  });

  it('rejects an empty validation set', async () => {
    await expect(evaluateModel(model, [])).rejects.toThrow(
      'evaluateModel: batches must be a non-empty array of batches',
    );
  });
});
