import {
  type DecoderState,
  type Encoded,
  type ForwardResult,
  gatherRows,
  initializers,
  Module,
  maskedSoftmax,
  type OutputProjection,
  paddingMask,
  Random,
  type Seq2SeqModel,
  type StepResult,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { forwardByStepping } from './forward-by-stepping';

/** `table[sourceFirstToken][step][previousToken][nextToken]` logits. */
export type LogitTable = number[][][][];

/** Configuration of `TabularModel`. */
export interface TabularModelConfig {
  /** Next-token logits; steps past the table's end reuse its last step. */
  logits: LogitTable;
  /** `[step][previousToken][S]` attention scores; defaults to all zeros (uniform attention). */
  attentionScores?: number[][][];
  /** Longest source the attention table covers. */
  maxSourceLength: number;
  /** Whether `step` returns attention. Defaults to true. */
  withAttention?: boolean;
}

interface TabularState {
  readonly [key: string]: tf.Tensor;
  /** `[b]` int32 decoding step. */
  readonly step: tf.Tensor1D;
  /** `[b]` int32, passed through every step unchanged (the same tensor object). */
  readonly sourceLength: tf.Tensor1D;
}

/**
 * A toy `Seq2SeqModel` for decoder tests: the next-token logits are a lookup
 * in a table indexed by the source's first token, the decoding step and the
 * previous token, all with tensors (`gatherND`), so the search space is known
 * exactly and can be enumerated in plain JavaScript (`logProbs`,
 * `attentionWeights`).
 */
export class TabularModel extends Module implements Seq2SeqModel {
  readonly sourceVocabSize: number;
  readonly targetVocabSize: number;
  readonly outputProjection: OutputProjection;
  readonly #config: TabularModelConfig;
  readonly #logits: tf.Tensor4D; // [sources, T, V, V]
  readonly #attentionScores: tf.Tensor3D; // [T, V, maxS]
  readonly #steps: number;

  constructor(config: TabularModelConfig) {
    super(0);
    this.#config = config;
    this.sourceVocabSize = config.logits.length;
    this.#steps = config.logits[0]?.length ?? 0;
    this.targetVocabSize = config.logits[0]?.[0]?.length ?? 0;
    const V = this.targetVocabSize;
    this.#logits = tf.tensor4d(config.logits);
    this.#attentionScores = config.attentionScores
      ? tf.tensor3d(config.attentionScores)
      : tf.zeros([this.#steps, V, config.maxSourceLength]);
    const identity = () => tf.eye(V);
    this.outputProjection = {
      kernel: this.addParameter('kernel', [V, V], identity, { trainable: false }),
      bias: this.addParameter('bias', [V], initializers.zeros(), { trainable: false }),
    };
  }

  /** Log-softmax of the table row, in float64 JavaScript. */
  logProbs(sourceFirstToken: number, step: number, previousToken: number): number[] {
    const row = this.#row(sourceFirstToken, step, previousToken);
    const max = Math.max(...row);
    const logSum = Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
    return row.map((value) => value - logSum);
  }

  /** The attention the model gives at `step` after `previousToken`, over `sourceLength` real positions. */
  attentionWeights(step: number, previousToken: number, sourceLength: number): number[] {
    const t = Math.min(step, this.#steps - 1);
    const scores = (this.#config.attentionScores?.[t]?.[previousToken] ?? []).slice(
      0,
      sourceLength,
    );
    while (scores.length < sourceLength) scores.push(0);
    const max = Math.max(...scores);
    const exps = scores.map((score) => Math.exp(score - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((value) => value / total);
  }

  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D): Encoded {
    return tf.tidy(() => {
      const S = source.shape[1];
      const mask = paddingMask(sourceLengths, S); // [b, S]
      const firstTokens = tf.reshape(tf.slice(source, [0, 0], [-1, 1]), [-1]); // [b]
      const table = tf.gather(this.#logits, firstTokens); // [b, T, V, V]
      const keys = tf.cast(tf.expandDims(source, 2), 'float32') as tf.Tensor3D; // [b, S, 1]
      const lengths = tf.clone(sourceLengths);
      const initialState: TabularState = {
        step: tf.zerosLike(sourceLengths),
        sourceLength: lengths,
      };
      return {
        memory: { keys, values: keys, mask, lengths, cache: {} },
        mask,
        lengths,
        initialState,
        extras: { table },
      } as unknown as tf.TensorContainer;
    }) as unknown as Encoded;
  }

  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    return tf.tidy(() => {
      const { step, sourceLength } = state as TabularState;
      const next: TabularState = { step: tf.add(step, tf.scalar(1, 'int32')), sourceLength };
      return {
        ...this.lookup(previousTokens, step, encoded),
        state: next,
      } as unknown as tf.TensorContainer;
    }) as unknown as StepResult;
  }

  /**
   * The table's logits `[b, V]` and attention `[b, S]` (when the model gives
   * it) after `previousTokens` at each row's `step` (`[b]` int32).
   */
  protected lookup(
    previousTokens: tf.Tensor1D,
    step: tf.Tensor1D,
    encoded: Encoded,
  ): { logits: tf.Tensor2D; attention?: tf.Tensor2D } {
    const b = previousTokens.shape[0];
    const S = encoded.mask.shape[1];
    const t = tf.minimum(step, tf.scalar(this.#steps - 1, 'int32')); // [b]
    const rows = tf.range(0, b, 1, 'int32');
    const table = encoded.extras?.table as tf.Tensor4D;
    const logits = tf.gatherND(table, tf.stack([rows, t, previousTokens], 1)) as tf.Tensor2D; // [b, V]
    if (!(this.#config.withAttention ?? true)) return { logits };
    const scores = tf.slice(
      tf.gatherND(this.#attentionScores, tf.stack([t, previousTokens], 1)) as tf.Tensor2D,
      [0, 0],
      [b, S],
    ); // [b, S]
    return { logits, attention: maskedSoftmax(scores, encoded.mask) };
  }

  reorder(state: DecoderState, indices: tf.Tensor1D): DecoderState {
    return gatherRows(state, indices);
  }

  forward(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
  ): ForwardResult {
    return forwardByStepping(this, source, sourceLengths, targetInput);
  }

  getConfig(): TabularModelConfig {
    return this.#config;
  }

  override dispose(): void {
    super.dispose();
    this.#logits.dispose();
    this.#attentionScores.dispose();
  }

  #row(sourceFirstToken: number, step: number, previousToken: number): number[] {
    const t = Math.min(step, this.#steps - 1);
    return this.#config.logits[sourceFirstToken]?.[t]?.[previousToken] ?? [];
  }
}

/** A random logit table: `sources` tables of `steps` × V × V normal(0, scale) logits. */
export function randomTable(
  seed: number,
  sources: number,
  steps: number,
  V: number,
  scale = 2,
): LogitTable {
  const random = new Random(seed);
  return Array.from({ length: sources }, () =>
    Array.from({ length: steps }, () =>
      Array.from({ length: V }, () => Array.from({ length: V }, () => random.normal(0, scale))),
    ),
  );
}

/** Random attention scores `[steps][V][maxS]`. */
export function randomAttentionScores(
  seed: number,
  steps: number,
  V: number,
  maxS: number,
): number[][][] {
  const random = new Random(seed);
  return Array.from({ length: steps }, () =>
    Array.from({ length: V }, () => Array.from({ length: maxS }, () => random.normal(0, 2))),
  );
}
