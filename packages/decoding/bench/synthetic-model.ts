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
  type Seq2SeqModel,
  type StepResult,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { forwardByStepping } from '../test/forward-by-stepping';

/** Sizes of `SyntheticModel`. */
export interface SyntheticModelConfig {
  /** V, source and target. */
  vocabSize: number;
  /** H: embedding, state and memory width. */
  units: number;
  seed: number;
}

/**
 * A random-weight attention decoder built from plain tf ops, the shape of a
 * one-layer GRU + Luong dot attention model, for measuring decoder overhead:
 * embedding → GRU cell → dot attention over the memory → tanh(Wc [c; h]) →
 * output projection. `encode` is one dense layer over source embeddings.
 * `forward` steps through the target (it is not what the bench measures). EOS gets a large negative bias, so every sentence runs to `maxLength` and
 * every decoder does the same number of steps.
 */
export class SyntheticModel extends Module implements Seq2SeqModel {
  readonly sourceVocabSize: number;
  readonly targetVocabSize: number;
  readonly outputProjection: OutputProjection;
  readonly #config: SyntheticModelConfig;
  readonly #embedding: tf.Variable; // [V, H]
  readonly #encoderKernel: tf.Variable; // [H, H]
  readonly #gateKernel: tf.Variable; // [2H, 3H]
  readonly #combineKernel: tf.Variable; // [2H, H]

  constructor(config: SyntheticModelConfig) {
    super(config.seed);
    this.#config = config;
    const { vocabSize: V, units: H } = config;
    this.sourceVocabSize = V;
    this.targetVocabSize = V;
    this.#embedding = this.addParameter('embedding', [V, H], initializers.normal(0.3));
    this.#encoderKernel = this.addParameter('encoder', [H, H], initializers.glorotUniform());
    this.#gateKernel = this.addParameter('gates', [2 * H, 3 * H], initializers.glorotUniform());
    this.#combineKernel = this.addParameter('combine', [2 * H, H], initializers.glorotUniform());
    const bias = (shape: readonly number[]) =>
      tf.tidy(() =>
        tf.where(
          tf.equal(tf.range(0, V, 1, 'int32'), 2),
          tf.fill(shape as number[], -50),
          tf.zeros(shape as number[]),
        ),
      );
    this.outputProjection = {
      kernel: this.addParameter('kernel', [H, V], initializers.glorotUniform()),
      bias: this.addParameter('bias', [V], bias),
    };
  }

  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D): Encoded {
    return tf.tidy(() => {
      const [b, S] = source.shape;
      const H = this.#config.units;
      const embedded = tf.reshape(tf.gather(this.#embedding, tf.reshape(source, [-1])), [b * S, H]);
      const memory = tf.reshape(tf.tanh(tf.matMul(embedded, this.#encoderKernel)), [b, S, H]); // [b, S, H]
      const mask = paddingMask(sourceLengths, S);
      const lengths = tf.clone(sourceLengths);
      return {
        memory: { keys: memory, values: memory, mask, lengths, cache: {} },
        mask,
        lengths,
        initialState: { hidden: tf.mean(memory, 1) }, // [b, H]
      } as unknown as tf.TensorContainer;
    }) as unknown as Encoded;
  }

  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    return tf.tidy(() => {
      const hidden = (state as { hidden: tf.Tensor2D }).hidden; // [b, H]
      const input = tf.gather(this.#embedding, previousTokens); // [b, H]
      const gates = tf.matMul(tf.concat([input, hidden], 1), this.#gateKernel); // [b, 3H]
      const [r, z, n] = tf.split(gates, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const candidate = tf.tanh(tf.add(n, tf.mul(tf.sigmoid(r), hidden)));
      const update = tf.sigmoid(z);
      const next = tf.add(tf.mul(update, hidden), tf.mul(tf.sub(1, update), candidate)); // [b, H]
      const scores = tf.squeeze(tf.matMul(encoded.memory.keys, tf.expandDims(next, 2)), [2]); // [b, S]
      const attention = maskedSoftmax(scores, encoded.mask) as tf.Tensor2D;
      const context = tf.squeeze(
        tf.matMul(tf.expandDims(attention, 1), encoded.memory.values),
        [1],
      ); // [b, H]
      const combined = tf.tanh(tf.matMul(tf.concat([context, next], 1), this.#combineKernel)); // [b, H]
      const logits = tf.add(
        tf.matMul(combined, this.outputProjection.kernel),
        this.outputProjection.bias,
      ) as tf.Tensor2D; // [b, V]
      return { logits, state: { hidden: next }, attention } as unknown as tf.TensorContainer;
    }) as unknown as StepResult;
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

  getConfig(): SyntheticModelConfig {
    return this.#config;
  }
}
