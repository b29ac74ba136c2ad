/**
 * A small seq2seq training step written with plain TF.js ops, for the
 * backend benchmark: embeddings, a GRU encoder and decoder (PyTorch gate
 * layout, input projections hoisted out of the time loop), Luong "general"
 * attention over all decoder steps at once, the attentional layer
 * `tanh(Wc [c; h])`, the output projection over all steps, softmax
 * cross-entropy, and Adam through `tf.variableGrads`.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Seq2SeqSize {
  name: string;
  batch: number;
  sourceLength: number;
  targetLength: number;
  embedding: number;
  hidden: number;
  vocabulary: number;
}

type ModelParameters = Record<string, tf.Variable>;

function uniform(shape: number[], fanIn: number, seed: number): tf.Variable {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.variable(tf.randomUniform(shape, -bound, bound, 'float32', seed));
}

function createParameters(size: Seq2SeqSize): ModelParameters {
  const { embedding: E, hidden: H, vocabulary: V } = size;
  return {
    sourceEmbedding: tf.variable(tf.randomNormal([V, E], 0, 1, 'float32', 1)),
    targetEmbedding: tf.variable(tf.randomNormal([V, E], 0, 1, 'float32', 2)),
    encoderInput: uniform([E, 3 * H], H, 3),
    encoderHidden: uniform([H, 3 * H], H, 4),
    encoderBias: uniform([3 * H], H, 5),
    decoderInput: uniform([E, 3 * H], H, 6),
    decoderHidden: uniform([H, 3 * H], H, 7),
    decoderBias: uniform([3 * H], H, 8),
    attention: uniform([H, H], H, 9),
    combine: uniform([2 * H, H], 2 * H, 10),
    output: uniform([H, V], H, 11),
    outputBias: uniform([V], H, 12),
  };
}

/** Runs a GRU over `inputs [b, L, E]` from `initial [b, H]`; returns all states `[b, L, H]`. */
function gru(
  inputs: tf.Tensor3D,
  initial: tf.Tensor2D,
  input: tf.Tensor2D,
  hidden: tf.Tensor2D,
  bias: tf.Tensor1D,
): tf.Tensor3D {
  const [b, L, E] = inputs.shape;
  const H = initial.shape[1];
  // Input projections for every step at once: [b, L, 3H].
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(inputs, [b * L, E]), input), bias), [
    b,
    L,
    3 * H,
  ]);
  let state = initial;
  const states: tf.Tensor2D[] = [];
  for (let t = 0; t < L; t++) {
    const x = tf.reshape(tf.slice(projected, [0, t, 0], [b, 1, 3 * H]), [b, 3 * H]);
    const h = tf.matMul(state, hidden); // [b, 3H]
    const [xr, xz, xn] = tf.split(x, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [hr, hz, hn] = tf.split(h, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    state = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, state));
    states.push(state);
  }
  return tf.stack(states, 1) as tf.Tensor3D;
}

function loss(p: ModelParameters, size: Seq2SeqSize, batch: Batch): tf.Scalar {
  const { batch: b, sourceLength: S, targetLength: T, hidden: H, vocabulary: V } = size;
  const source = tf.gather(p.sourceEmbedding as tf.Tensor, batch.source) as tf.Tensor3D; // [b, S, E]
  const encoded = gru(
    source,
    tf.zeros([b, H]),
    p.encoderInput as tf.Tensor2D,
    p.encoderHidden as tf.Tensor2D,
    p.encoderBias as tf.Tensor1D,
  ); // [b, S, H]
  const last = tf.reshape(tf.slice(encoded, [0, S - 1, 0], [b, 1, H]), [b, H]);
  const target = tf.gather(p.targetEmbedding as tf.Tensor, batch.targetIn) as tf.Tensor3D; // [b, T, E]
  const decoded = gru(
    target,
    last as tf.Tensor2D,
    p.decoderInput as tf.Tensor2D,
    p.decoderHidden as tf.Tensor2D,
    p.decoderBias as tf.Tensor1D,
  ); // [b, T, H]
  const keys = tf.reshape(tf.matMul(tf.reshape(encoded, [b * S, H]), p.attention as tf.Tensor2D), [
    b,
    S,
    H,
  ]);
  const weights = tf.softmax(tf.matMul(decoded, keys, false, true)); // [b, T, S]
  const context = tf.matMul(weights, encoded); // [b, T, H]
  const attentional = tf.tanh(
    tf.matMul(
      tf.reshape(tf.concat([context, decoded], 2), [b * T, 2 * H]),
      p.combine as tf.Tensor2D,
    ),
  ); // [b·T, H]
  const logits = tf.add(
    tf.matMul(attentional, p.output as tf.Tensor2D),
    p.outputBias as tf.Tensor1D,
  ); // [b·T, V]
  const labels = tf.oneHot(tf.reshape(batch.targetOut, [b * T]), V);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

export interface Batch {
  source: tf.Tensor2D;
  targetIn: tf.Tensor2D;
  targetOut: tf.Tensor2D;
}

function randomTokens(b: number, length: number, vocabulary: number, seed: number): tf.Tensor2D {
  return tf.cast(
    tf.randomUniform([b, length], 4, vocabulary, 'float32', seed),
    'int32',
  ) as tf.Tensor2D;
}

/** A model and a fixed batch; `step()` runs one Adam step and returns the loss. */
export function createTrainer(size: Seq2SeqSize) {
  const parameters = createParameters(size);
  const batch: Batch = {
    source: randomTokens(size.batch, size.sourceLength, size.vocabulary, 21),
    targetIn: randomTokens(size.batch, size.targetLength, size.vocabulary, 22),
    targetOut: randomTokens(size.batch, size.targetLength, size.vocabulary, 23),
  };
  const optimizer = tf.train.adam(1e-3);
  return {
    async step(): Promise<number> {
      const { value, grads } = tf.variableGrads(() => loss(parameters, size, batch));
      optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
      const result = (await value.data())[0] as number;
      tf.dispose([value, ...Object.values(grads)]);
      return result;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...Object.values(parameters), batch.source, batch.targetIn, batch.targetOut]);
    },
  };
}
