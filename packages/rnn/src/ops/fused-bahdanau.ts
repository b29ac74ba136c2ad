import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, cellKernel } from '../cell-kind';
import { additiveBackward, additiveForward } from '../fused/additive-kernel';
import { columns, denseRows, type Rows, stepRows, writeTransposed } from '../fused/rows';
import { copyFloats, floatsOf, TensorReader, tensorFrom } from '../fused/tensor-data';

/** Sizes and constants of a fused Bahdanau decoder run. */
export interface BahdanauSpec {
  kind: CellKind;
  /** H, the decoder state size. */
  hidden: number;
  /** `[b, S]` source mask (1 = real), or null. */
  mask: Float32Array | null;
}

/** The tensors of a fused Bahdanau decoder run (PyTorch layouts). */
export interface BahdanauInputs {
  /** `[b, T, G·H]`: `W_ih[:, :E] · embedding + b_ih` of every target step. */
  embeddingGates: tf.Tensor3D;
  /** `[b, H]` initial state (LSTM: `[b, 2H]`, h then c). */
  initial: tf.Tensor2D;
  /** `W_hh [G·H, H]`. */
  weightHH: tf.Tensor2D;
  /** `b_hh [G·H]`. */
  biasHH: tf.Tensor1D;
  /** Additive attention `W2 [U, H]` (query side). */
  weightQuery: tf.Tensor2D;
  /** `W_ih[:, E:] [G·H, C]`, the context columns of the input weights. */
  weightContext: tf.Tensor2D;
  /** `[b, S, U]`: `W1 k + b`, the prepared key side. */
  keyFeatures: tf.Tensor3D;
  /** `[b, S, C]`. */
  values: tf.Tensor3D;
  /** `[U]`. */
  v: tf.Tensor1D;
}

/**
 * A teacher-forced Bahdanau decoder layer with additive attention as one
 * differentiable op. Each step t:
 *
 *     [h_{t−1} W_hhᵀ | h_{t−1} W2ᵀ] = h_{t−1} · [W_hh; W2]ᵀ     one matMul
 *     w_t = softmax_s(vᵀ tanh(W1 k_s + b + W2 h_{t−1})),  c_t = Σ_s w_ts v_s
 *     h_t = cell(W_ih [e_t; c_t] + b_ih, h_{t−1})         c_t W_ih[:, E:]ᵀ: one matMul
 *
 * with attention and gates in fused JavaScript kernels. The gradient runs the
 * loop backwards with two matMuls per step and computes every weight
 * gradient with one matMul over all steps.
 *
 * @returns `[b, T, H + S]`: the states h_t, then the attention weights w_t.
 */
export function fusedBahdanau(spec: BahdanauSpec, inputs: BahdanauInputs): tf.Tensor3D {
  const { kind, hidden: H, mask } = spec;
  const kernel = cellKernel(kind);
  const G = kernel.gates;
  const GH = G * H;
  const R = kernel.hasCell ? 2 : 1;
  const [b, T] = inputs.embeddingGates.shape;
  const [, S, U] = inputs.keyFeatures.shape;
  const C = inputs.values.shape[2];
  const N = T * b;
  const width = H + S;
  const perStep = b * kernel.savedWidth * H;
  const sizes = { batch: b, sourceLength: S, units: U, valueDim: C };

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [embeddingGates, initial, weightHH, biasHH, weightQuery, weightContext] =
      args as tf.Tensor2D[];
    const [keyFeatures, values, v] = args.slice(6) as tf.Tensor[];
    save([weightHH!, weightQuery!, weightContext!, values!, v!]);
    const gateReader = new TensorReader(embeddingGates!);
    const keyReader = new TensorReader(keyFeatures!);
    const valueReader = new TensorReader(values!);
    const vValues = copyFloats(v!);
    const biasValues = copyFloats(biasHH!);
    const start = copyFloats(initial!);
    const recurrentT = tf.transpose(tf.concat([weightHH!, weightQuery!], 0)); // [H, G·H + U]
    const contextT = tf.transpose(weightContext!); // [C, G·H]
    const packed = new Float32Array(b * T * width);
    const saved = new Float32Array(T * perStep);
    const attentionHidden = new Float32Array(T * b * S * U);
    const previousH = new Float32Array(N * H);
    const previousC = new Float32Array(kernel.hasCell ? N * H : 0);
    const contexts = new Float32Array(N * C);
    let h = columns(start, b, R * H, 0, H);
    let c = kernel.hasCell ? columns(start, b, R * H, H, H) : null;
    let hTensor = tensorFrom<tf.Tensor2D>(h.slice(), [b, H]);
    for (let t = 0; t < T; t++) {
      previousH.set(h, t * b * H);
      if (c) previousC.set(c, t * b * H);
      const recurrent = tf.matMul(hTensor, recurrentT); // [b, G·H + U]
      const context = new Float32Array(b * C);
      additiveForward({
        ...sizes,
        keyFeatures: keyReader.values(),
        queryFeatures: { data: floatsOf(recurrent), base: GH, stride: GH + U },
        v: vValues,
        mask,
        values: valueReader.values(),
        hidden: attentionHidden,
        hiddenBase: t * b * S * U,
        weights: stepRows(packed, t, T, width, H),
        context,
      });
      contexts.set(context, t * b * C);
      const contextTensor = tensorFrom<tf.Tensor2D>(context, [b, C]);
      const contextGates = tf.matMul(contextTensor, contextT); // [b, G·H]
      const hNext = new Float32Array(b * H);
      const cNext = c ? new Float32Array(b * H) : null;
      kernel.forward({
        batch: b,
        hidden: H,
        gx: stepRows(gateReader.values(), t, T, GH),
        gxExtra: denseRows(floatsOf(contextGates), GH),
        gh: { data: floatsOf(recurrent), base: 0, stride: GH + U },
        biasHH: biasValues,
        hPrev: h,
        cPrev: c,
        hNext,
        cNext,
        output: stepRows(packed, t, T, width, 0),
        saved,
        savedBase: t * perStep,
        lengths: null,
        step: t,
      });
      tf.dispose([recurrent, contextTensor, contextGates, hTensor]);
      h = hNext;
      c = cNext;
      hTensor = tensorFrom(hNext, [b, H]);
    }
    tf.dispose([hTensor, recurrentT, contextT]);

    const gradFunc = (dy: tf.Tensor, savedTensors: tf.Tensor[]): tf.Tensor[] => {
      const [wHH, wQuery, wContext, valueTensor] = savedTensors as tf.Tensor2D[];
      const valuesAgain = new TensorReader(valueTensor!);
      const weightCat = tf.concat([wHH!, wQuery!], 0); // [G·H + U, H]
      const dPacked = copyFloats(dy); // [b, T, H + S]
      const dEmbeddingGates = new Float32Array(b * T * GH);
      const dCatT = new Float32Array((GH + U) * N);
      const dGatesT = new Float32Array(GH * N);
      const dKeyFeatures = new Float32Array(b * S * U);
      const dValues = new Float32Array(b * S * C);
      const dV = new Float32Array(U);
      const dBias = new Float32Array(GH);
      let carryH = new Float32Array(b * H);
      let carryC = c ? new Float32Array(b * H) : null;
      let viaMatmul: Float32Array | null = null;
      for (let t = T - 1; t >= 0; t--) {
        const dGates = new Float32Array(b * GH);
        const dCat = new Float32Array(b * (GH + U));
        const catRows: Rows = { data: dCat, base: 0, stride: GH + U };
        const nextCarryH = new Float32Array(b * H);
        const nextCarryC = carryC ? new Float32Array(b * H) : null;
        kernel.backward({
          batch: b,
          hidden: H,
          saved,
          savedBase: t * perStep,
          hPrev: previousH.subarray(t * b * H, (t + 1) * b * H),
          cPrev: kernel.hasCell ? previousC.subarray(t * b * H, (t + 1) * b * H) : null,
          lengths: null,
          step: t,
          dOutput: stepRows(dPacked, t, T, width, 0),
          carryH,
          carryFromMatmul: viaMatmul,
          carryC,
          dGates: denseRows(dGates, GH),
          dRecurrent: catRows,
          dBias,
          nextCarryH,
          nextCarryC,
        });
        const gateRows = denseRows(dGates, GH);
        writeTransposed(gateRows, b, GH, dGatesT, N, t * b);
        const into = stepRows(dEmbeddingGates, t, T, GH);
        for (let i = 0; i < b; i++) {
          dEmbeddingGates.set(dGates.subarray(i * GH, (i + 1) * GH), into.base + i * into.stride);
        }
        const gateTensor = tensorFrom<tf.Tensor2D>(dGates, [b, GH]);
        const dContext = tf.matMul(gateTensor, wContext!); // [b, C]
        additiveBackward({
          ...sizes,
          values: valuesAgain.values(),
          v: vValues,
          hidden: attentionHidden,
          hiddenBase: t * b * S * U,
          weights: stepRows(packed, t, T, width, H),
          dContext: floatsOf(dContext),
          dWeights: stepRows(dPacked, t, T, width, H),
          dQueryFeatures: { data: dCat, base: GH, stride: GH + U },
          dKeyFeatures,
          dValues,
          dV,
        });
        writeTransposed(catRows, b, GH + U, dCatT, N, t * b);
        const catTensor = tensorFrom<tf.Tensor2D>(dCat, [b, GH + U]);
        const throughWeights = tf.matMul(catTensor, weightCat); // [b, H]
        viaMatmul = copyFloats(throughWeights);
        tf.dispose([gateTensor, dContext, catTensor, throughWeights]);
        carryH = nextCarryH;
        carryC = nextCarryC;
      }
      for (let k = 0; k < carryH.length; k++) carryH[k] = carryH[k]! + viaMatmul![k]!;
      const dInitial = carryC ? new Float32Array(b * 2 * H) : carryH;
      if (carryC) {
        for (let i = 0; i < b; i++) {
          dInitial.set(carryH.subarray(i * H, (i + 1) * H), i * 2 * H);
          dInitial.set(carryC.subarray(i * H, (i + 1) * H), i * 2 * H + H);
        }
      }
      const catMatrix = tensorFrom<tf.Tensor2D>(dCatT, [GH + U, N]);
      const previous = tensorFrom<tf.Tensor2D>(previousH, [N, H]);
      const [dWeightHH, dWeightQuery] = tf.split(tf.matMul(catMatrix, previous), [GH, U], 0);
      const gatesMatrix = tensorFrom<tf.Tensor2D>(dGatesT, [GH, N]);
      const contextMatrix = tensorFrom<tf.Tensor2D>(contexts, [N, C]);
      const dWeightContext = tf.matMul(gatesMatrix, contextMatrix); // [G·H, C]
      tf.dispose([weightCat, catMatrix, previous, gatesMatrix, contextMatrix]);
      return [
        tensorFrom(dEmbeddingGates, [b, T, GH]),
        tensorFrom(dInitial, [b, R * H]),
        dWeightHH!,
        tensorFrom(dBias, [GH]),
        dWeightQuery!,
        dWeightContext,
        tensorFrom(dKeyFeatures, [b, S, U]),
        tensorFrom(dValues, [b, S, C]),
        tensorFrom(dV, [U]),
      ];
    };
    return { value: tensorFrom<tf.Tensor3D>(packed, [b, T, width]), gradFunc };
  });
  return op(
    inputs.embeddingGates,
    inputs.initial,
    inputs.weightHH,
    inputs.biasHH,
    inputs.weightQuery,
    inputs.weightContext,
    inputs.keyFeatures,
    inputs.values,
    inputs.v,
  ) as tf.Tensor3D;
}
