import {
  assertKnownKeys,
  assertPositiveInteger,
  EOS_ID,
  HeedError,
  invalidArgument,
  type Seq2SeqModel,
} from '@heed/core';
import { beamSearch, greedyDecode } from '@heed/decoding';
import { maskedCrossEntropy, projectedCrossEntropy } from '@heed/losses';
import { corpusBleu, corpusChrf, perplexity } from '@heed/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { batchTensors, type PackedBatch, packBatch, rowIds, type TrainingBatch } from './batch';

/** How hypotheses are decoded for BLEU and chrF. */
export interface DecodeEvaluationOptions {
  /**
   * Sentences decoded, taken from every batch in proportion to its size (the
   * first rows of each), so that length-bucketed batches give a sample of
   * every length rather than the shortest. Defaults to 100.
   */
  sentences?: number;
  /** 1 decodes greedily; more runs beam search. Defaults to 1. */
  beamSize?: number;
  /** α of the GNMT length penalty (beam search). Defaults to 0. */
  lengthPenalty?: number;
  /** Most tokens per hypothesis. Defaults to the decoder's default (2·S + 10). */
  maxLength?: number;
}

/** Options of `evaluateModel`. */
export interface EvaluateOptions {
  /** Decode for BLEU and chrF (needs `detokenize`), or `false` for loss only. Defaults to `{}`. */
  decode?: DecodeEvaluationOptions | false;
  /** Turns target ids (no BOS/EOS/PAD) into text; without it BLEU and chrF are skipped. */
  detokenize?: (ids: readonly number[]) => string;
}

/** What an evaluation measured. */
export interface EvaluationResult {
  /** Mean cross-entropy per real target token, full softmax, in nats. */
  loss: number;
  /** `exp(loss)`. */
  perplexity: number;
  /** Real target tokens scored. */
  tokens: number;
  /** Corpus BLEU (sacrebleu semantics) of the decoded sentences. */
  bleu?: number;
  /** Corpus chrF2 of the decoded sentences. */
  chrf?: number;
  /** The decoded hypotheses and their references, in data order. */
  hypotheses?: string[];
  references?: string[];
}

const OWNER = 'evaluateModel';

/**
 * Scores `model` on `batches`: the full-softmax loss and perplexity over every
 * batch (summed on the device, read once), and — with `detokenize` — BLEU and
 * chrF of greedy or beam-search translations of the first `sentences`
 * sentences. Runs without dropout and leaves no tensors behind.
 */
export async function evaluateModel(
  model: Seq2SeqModel,
  batches: readonly TrainingBatch[],
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  assertKnownKeys(OWNER, options, ['decode', 'detokenize']);
  if (!Array.isArray(batches) || batches.length === 0) {
    throw invalidArgument(OWNER, 'batches', 'must be a non-empty array of batches', batches);
  }
  const packed = batches.map((batch) => packBatch(OWNER, batch));
  const tokens = packed.reduce((sum, batch) => sum + batch.targetTokens, 0);
  if (tokens === 0) throw new HeedError(`${OWNER}: the batches hold no target tokens`);
  let total = tf.scalar(0);
  for (const batch of packed) {
    const next = tf.tidy(() => {
      const tensors = batchTensors(batch);
      const inputs = [tensors.source, tensors.sourceLengths, tensors.targetInput] as const;
      const { loss } = model.forwardHidden
        ? projectedCrossEntropy(
            model.forwardHidden(...inputs).hidden,
            tensors.targetOutput,
            model.outputProjection,
            { reduction: 'sum' },
          )
        : maskedCrossEntropy(model.forward(...inputs).logits, tensors.targetOutput, {
            reduction: 'sum',
          });
      return tf.add(total, loss);
    });
    total.dispose();
    total = next as tf.Scalar;
  }
  const totalLoss = (await total.data())[0] ?? Number.NaN;
  total.dispose();
  const result: EvaluationResult = {
    loss: totalLoss / tokens,
    perplexity: Number.isFinite(totalLoss)
      ? perplexity(Math.max(0, totalLoss), tokens)
      : Number.NaN,
    tokens,
  };
  const decode = options.decode ?? {};
  if (decode === false || !options.detokenize) return result;
  const { hypotheses, references } = await translate(
    model,
    batches,
    packed,
    decode,
    options.detokenize,
  );
  return {
    ...result,
    bleu: corpusBleu(hypotheses, [references]).score,
    chrf: corpusChrf(hypotheses, [references]).score,
    hypotheses,
    references,
  };
}

async function translate(
  model: Seq2SeqModel,
  batches: readonly TrainingBatch[],
  packed: readonly PackedBatch[],
  options: DecodeEvaluationOptions,
  detokenize: (ids: readonly number[]) => string,
): Promise<{ hypotheses: string[]; references: string[] }> {
  assertKnownKeys(OWNER, options, ['sentences', 'beamSize', 'lengthPenalty', 'maxLength']);
  const wanted = assertPositiveInteger(OWNER, 'decode.sentences', options.sentences ?? 100);
  const beamSize = assertPositiveInteger(OWNER, 'decode.beamSize', options.beamSize ?? 1);
  const hypotheses: string[] = [];
  const references: string[] = [];
  const shares = proportionalShares(
    wanted,
    packed.map((batch) => batch.sourceShape[0]),
  );
  for (const [i, batch] of batches.entries()) {
    const rows = shares[i] ?? 0;
    if (rows === 0) continue;
    const [source, sourceLengths] = sourceRows(packed[i] as PackedBatch, rows);
    try {
      const common = options.maxLength === undefined ? {} : { maxLength: options.maxLength };
      const tokens =
        beamSize === 1
          ? (await greedyDecode(model, source, sourceLengths, common)).tokens
          : (
              await beamSearch(model, source, sourceLengths, {
                ...common,
                beamSize,
                lengthPenalty: options.lengthPenalty ?? 0,
              })
            ).hypotheses.map((best) => best[0]?.tokens ?? []);
      for (let row = 0; row < rows; row++) {
        hypotheses.push(detokenize(tokens[row] ?? []));
        references.push(
          batch.references?.[row] ??
            detokenize(rowIds(batch.target, row).filter((id) => id !== EOS_ID)),
        );
      }
    } finally {
      tf.dispose([source, sourceLengths]);
    }
  }
  return { hypotheses, references };
}

/**
 * How many of each batch's rows to take so that `wanted` rows (at most all of
 * them) are spread over the batches in proportion to their sizes (largest
 * remainders get the rounding; ties go to the earlier batch).
 */
export function proportionalShares(wanted: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const target = Math.min(wanted, total);
  const exact = sizes.map((size) => (total === 0 ? 0 : (target * size) / total));
  const shares = exact.map(Math.floor);
  const missing = target - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder.slice(0, missing)) shares[i] = (shares[i] ?? 0) + 1;
  return shares;
}

/** The first `rows` sources of a packed batch as tensors. */
function sourceRows(batch: PackedBatch, rows: number): [tf.Tensor2D, tf.Tensor1D] {
  const S = batch.sourceShape[1];
  return [
    tf.tensor2d(batch.source.subarray(0, rows * S), [rows, S], 'int32'),
    tf.tensor1d(batch.sourceLengths.subarray(0, rows), 'int32'),
  ];
}
