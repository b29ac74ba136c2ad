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
  type RunOptions,
  type Seq2SeqModel,
  type StepResult,
  tidyTree,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** Config of `TinySeq2Seq`. */
export interface TinyConfig {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** d. Defaults to 8. */
  units?: number;
  /** Defaults to 0. */
  seed?: number;
}

/**
 * A small attention seq2seq model in plain TF.js ops, for the trainer's tests:
 * embeddings, a tanh projection of the source as keys/values, a tanh RNN
 * decoder with dot-product attention, and an output projection.
 * Records the options of the last `forward` call.
 */
export class TinySeq2Seq extends Module implements Seq2SeqModel {
  readonly sourceVocabSize: number;
  readonly targetVocabSize: number;
  readonly units: number;
  readonly outputProjection: OutputProjection;
  /** The options the trainer passed to the last `forward`. */
  lastRunOptions: (RunOptions & Record<string, unknown>) | undefined;
  readonly #sourceEmbedding: tf.Variable;
  readonly #targetEmbedding: tf.Variable;
  readonly #encoderKernel: tf.Variable;
  readonly #inputKernel: tf.Variable;
  readonly #recurrentKernel: tf.Variable;
  readonly #recurrentBias: tf.Variable;
  readonly #combineKernel: tf.Variable;

  constructor(config: TinyConfig) {
    super(config.seed ?? 0);
    this.sourceVocabSize = config.sourceVocabSize;
    this.targetVocabSize = config.targetVocabSize;
    const d = config.units ?? 8;
    this.units = d;
    const init = initializers.pytorch(d);
    this.#sourceEmbedding = this.addParameter(
      'sourceEmbedding',
      [this.sourceVocabSize, d],
      initializers.normal(1),
    );
    this.#targetEmbedding = this.addParameter(
      'targetEmbedding',
      [this.targetVocabSize, d],
      initializers.normal(1),
    );
    this.#encoderKernel = this.addParameter('encoderKernel', [d, d], init);
    this.#inputKernel = this.addParameter('inputKernel', [d, d], init);
    this.#recurrentKernel = this.addParameter('recurrentKernel', [d, d], init);
    this.#recurrentBias = this.addParameter('recurrentBias', [d], init);
    this.#combineKernel = this.addParameter(
      'combineKernel',
      [2 * d, d],
      initializers.pytorch(2 * d),
    );
    this.outputProjection = {
      kernel: this.addParameter('outputKernel', [d, this.targetVocabSize], init),
      bias: this.addParameter('outputBias', [this.targetVocabSize], init),
    };
  }

  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D): Encoded {
    return tidyTree(() => {
      const [b, S] = source.shape;
      const embedded = tf.gather(this.#sourceEmbedding, source); // [b, S, d]
      const keys = tf.reshape(
        tf.tanh(tf.matMul(tf.reshape(embedded, [b * S, this.units]), this.#encoderKernel)),
        [b, S, this.units],
      ) as tf.Tensor3D; // [b, S, d]
      const mask = paddingMask(sourceLengths, S); // [b, S]
      const initialState = tf.div(
        tf.sum(tf.mul(keys, tf.expandDims(mask, 2)), 1),
        tf.maximum(tf.sum(mask, 1, true), 1),
      ); // [b, d]
      return {
        memory: { keys, values: keys, mask, lengths: sourceLengths.clone(), cache: {} },
        mask,
        lengths: sourceLengths.clone(),
        initialState,
      };
    });
  }

  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    return tf.tidy(() => {
      const {
        hidden,
        state: next,
        attention,
      } = this.#cell(previousTokens, state as tf.Tensor2D, encoded);
      const logits = tf.add(
        tf.matMul(hidden, this.outputProjection.kernel),
        this.outputProjection.bias,
      );
      return { logits: logits as tf.Tensor2D, state: next, attention };
    });
  }

  reorder(state: DecoderState, indices: tf.Tensor1D): DecoderState {
    return gatherRows(state, indices);
  }

  forward(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options: RunOptions = {},
  ): ForwardResult {
    this.lastRunOptions = options as RunOptions & Record<string, unknown>;
    return tf.tidy(() => {
      const encoded = this.encode(source, sourceLengths);
      const [b, T] = targetInput.shape;
      let state = encoded.initialState as tf.Tensor2D;
      const hiddens: tf.Tensor2D[] = [];
      const attentions: tf.Tensor2D[] = [];
      for (let t = 0; t < T; t++) {
        const previous = tf.reshape(tf.slice(targetInput, [0, t], [b, 1]), [b]) as tf.Tensor1D;
        const out = this.#cell(previous, state, encoded);
        hiddens.push(out.hidden);
        attentions.push(out.attention);
        state = out.state;
      }
      const hidden = tf.stack(hiddens, 1) as tf.Tensor3D; // [b, T, d]
      const logits = tf.reshape(
        tf.add(
          tf.matMul(tf.reshape(hidden, [b * T, this.units]), this.outputProjection.kernel),
          this.outputProjection.bias,
        ),
        [b, T, this.targetVocabSize],
      ) as tf.Tensor3D; // [b, T, V]
      return { logits, hidden, attention: tf.stack(attentions, 1) as tf.Tensor3D };
    });
  }

  getConfig(): object {
    return {
      sourceVocabSize: this.sourceVocabSize,
      targetVocabSize: this.targetVocabSize,
      units: this.units,
      seed: this.seed,
    };
  }

  #cell(
    previous: tf.Tensor1D,
    state: tf.Tensor2D,
    encoded: Encoded,
  ): { hidden: tf.Tensor2D; state: tf.Tensor2D; attention: tf.Tensor2D } {
    const input = tf.gather(this.#targetEmbedding, previous); // [b, d]
    const next = tf.tanh(
      tf.add(
        tf.add(tf.matMul(input, this.#inputKernel), tf.matMul(state, this.#recurrentKernel)),
        this.#recurrentBias,
      ),
    ) as tf.Tensor2D; // [b, d]
    const keys = encoded.memory.keys; // [b, S, d]
    const scores = tf.squeeze(tf.matMul(keys, tf.expandDims(next, 2)), [2]); // [b, S]
    const attention = maskedSoftmax(scores, encoded.mask) as tf.Tensor2D; // [b, S]
    const context = tf.squeeze(tf.matMul(tf.expandDims(attention, 1), keys), [1]); // [b, d]
    const hidden = tf.tanh(
      tf.matMul(tf.concat([next, context], 1), this.#combineKernel),
    ) as tf.Tensor2D;
    return { hidden, state: next, attention };
  }
}

/**
 * A copy task: each source is `length` random ids from `4..V−1`; the target
 * is the same ids then EOS. Deterministic for a seed.
 */
export function copyTaskBatches(options: {
  batches: number;
  batchSize: number;
  vocabSize: number;
  maxLength: number;
  seed?: number;
}): { source: number[][]; target: number[][] }[] {
  let state = (options.seed ?? 1) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: options.batches }, () => {
    const rows = Array.from({ length: options.batchSize }, () => {
      const length = 1 + Math.floor(next() * options.maxLength);
      return Array.from({ length }, () => 4 + Math.floor(next() * (options.vocabSize - 4)));
    });
    return { source: rows, target: rows.map((row) => [...row, 2]) };
  });
}
