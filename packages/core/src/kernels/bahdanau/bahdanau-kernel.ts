import * as tf from '@tensorflow/tfjs-core';
import { cellKernel, gateCount, stateCount } from '../cells/cell-kind';
import { columns, denseRows, stepRows, writeColumns } from '../cells/rows';
import type { KernelHost } from '../kernel-host';
import { additiveScores, additiveScoresGradient } from './additive-score';
import { BAHDANAU_DECODE, type BahdanauAttributes } from './bahdanau-decode';
import { weightedContext, weightedContextGradient } from './weighted-context';

/** The gradient kernel's name. */
export const BAHDANAU_DECODE_GRAD = 'HeedBahdanauDecodeGrad';

/** Writes `[b, H]` `source` into step `t`'s columns `column ..` of `target [b, T, width]`. */
function writeStep(
  target: Float32Array,
  source: Float32Array,
  t: number,
  T: number,
  width: number,
  column: number,
  b: number,
  H: number,
): void {
  for (let i = 0; i < b; i++) {
    target.set(source.subarray(i * H, (i + 1) * H), (i * T + t) * width + column);
  }
}

/**
 * The embedding and context column blocks of `W_ih [G·H, E + C]`,
 * `[G·H, E]` and `[G·H, C]`, made once per weight (see `KernelHost.derived`).
 * Products take them, like `W_hh` and `W_q`, through
 * `KernelHost.multiplyByWeight`, which keeps their transposes too.
 */
function inputBlocks(host: KernelHost, weightIH: tf.TensorInfo, E: number) {
  const [GH, EC] = weightIH.shape as [number, number];
  const C = EC - E;
  return {
    embedding: () => host.derived(weightIH, `0:${E}`, [GH, E], (w) => columns(w, GH, EC, 0, E)),
    context: () => host.derived(weightIH, `${E}:${C}`, [GH, C], (w) => columns(w, GH, EC, E, C)),
  };
}

/**
 * `HeedBahdanauDecode` forward: the embeddings' share of every step's gates
 * in one backend matMul, then per step three (`h·W_hhᵀ`, `h·W_qᵀ`,
 * `context·W_ih[:, E:]ᵀ`) around the fused additive-score and cell kernels
 * in JavaScript.
 *
 * Inputs as `BahdanauInputs`. Outputs: packed `[b, T, R·H + S]`, and for the
 * gradient the saved gate values `[T, b, W·H]`, the states before each step
 * `[R, T, b, H]`, the query features `W_q h` `[T, b, U]` and the contexts
 * `[T, b, C]`; with the attribute `saveForGradient: false` (no gradient tape
 * is recording, as in decoding) only the packed output.
 */
export function bahdanauForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const named = inputs as Record<string, tf.TensorInfo>;
  const { kind, hidden: H } = attrs as unknown as BahdanauAttributes;
  const cell = cellKernel(kind);
  const R = stateCount(kind);
  const GH = gateCount(kind) * H;
  const [b, T, E] = named.embedded!.shape as [number, number, number];
  const [, S, U] = named.keyFeatures!.shape as [number, number, number];
  const C = named.values!.shape[2] as number;
  const width = R * H + S;
  const bH = b * H;
  const perStep = b * cell.savedWidth * H;
  const sizes = { batch: b, sourceLength: S, valueDim: C };
  const blocks = inputBlocks(host, named.weightIH!, E);
  const biasIH = host.values(named.biasIH!);
  // [b, T, G·H]: W_ih[:, :E] e + b_ih of every step.
  const gateValues = host.multiplyByWeight(
    host.values(named.embedded!),
    [b * T, E],
    blocks.embedding(),
    true,
  );
  for (let row = 0; row < b * T; row++) {
    for (let j = 0; j < GH; j++) gateValues[row * GH + j] = gateValues[row * GH + j]! + biasIH[j]!;
  }
  const mask = host.values(named.mask!);
  const biasHH = host.values(named.biasHH!);
  const start = host.values(named.initial!); // [b, R·H]
  const packed = new Float32Array(b * T * width);
  // Without a gradient tape (decoding) nothing is kept for the gradient: one step's scratch.
  const keep = attrs.saveForGradient !== false;
  const savedSteps = keep ? T : 1;
  const saved = new Float32Array(savedSteps * perStep);
  const previous = keep ? new Float32Array(R * T * bH) : null; // [R, T, b, H]
  const queries = keep ? new Float32Array(T * b * U) : null; // [T, b, U]
  const contexts = new Float32Array(savedSteps * b * C); // [T, b, C]
  let h = columns(start, b, R * H, 0, H);
  let c = R === 2 ? columns(start, b, R * H, H, H) : null;
  for (let t = 0; t < T; t++) {
    const slot = keep ? t : 0;
    previous?.set(h, t * bH);
    if (c) previous?.set(c, (T + t) * bH);
    const recurrent = host.multiplyByWeight(h, [b, H], named.weightHH!, true); // [b, G·H]
    const query = host.multiplyByWeight(h, [b, H], named.queryWeight!, true); // [b, U]
    const context = contexts.subarray(slot * b * C, (slot + 1) * b * C);
    queries?.set(query, t * b * U);
    const scores = additiveScores(host, named.keyFeatures!, query, named.scoreVector!, mask);
    weightedContext({
      ...sizes,
      scores,
      mask,
      // A view taken after this step's allocations and used before the next.
      values: host.view(named.values!),
      weights: stepRows(packed, t, T, width, R * H),
      context,
    });
    const contextGates = host.multiplyByWeight(context.slice(), [b, C], blocks.context(), true);
    const hNext = new Float32Array(bH);
    const cNext = c ? new Float32Array(bH) : null;
    cell.forward({
      batch: b,
      hidden: H,
      gx: stepRows(gateValues, t, T, GH),
      gxExtra: denseRows(contextGates, GH),
      gh: denseRows(recurrent, GH),
      biasHH,
      hPrev: h,
      cPrev: c,
      hNext,
      cNext,
      output: stepRows(packed, t, T, width, 0),
      saved,
      savedBase: slot * perStep,
      lengths: null,
      step: t,
    });
    if (cNext) writeStep(packed, cNext, t, T, width, H, b, H);
    h = hNext;
    c = cNext;
  }
  const output = host.tensor([b, T, width], packed);
  if (!keep || !previous || !queries) return [output];
  return [
    output,
    host.tensor([T, b, cell.savedWidth * H], saved),
    host.tensor([R, T, b, H], previous),
    host.tensor([T, b, U], queries),
    host.tensor([T, b, C], contexts),
  ];
}

/**
 * `HeedBahdanauDecodeGrad`: the loop run backwards, four backend matMuls per
 * step, then each weight gradient as one matMul over all T·b rows.
 *
 * Inputs: `dy`, the forward's outputs `packed`, `saved`, `previous`,
 * `queries`, `contexts`, and the inputs `embedded`, `weightIH`, `weightHH`,
 * `queryWeight`, `scoreVector`, `keyFeatures`, `values`. The score's tanh
 * values are computed again from the keys and queries (see
 * `additiveScoresGradient`). Outputs: the gradients of
 * `BAHDANAU_GRADIENT_INPUTS`, in that order.
 */
export function bahdanauBackward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const named = inputs as Record<string, tf.TensorInfo>;
  const { kind, hidden: H } = attrs as unknown as BahdanauAttributes;
  const cell = cellKernel(kind);
  const R = stateCount(kind);
  const GH = gateCount(kind) * H;
  const [T, b, U] = named.queries!.shape as [number, number, number];
  const S = named.keyFeatures!.shape[1] as number;
  const C = named.values!.shape[2] as number;
  const E = named.embedded!.shape[2] as number;
  const blocks = inputBlocks(host, named.weightIH!, E);
  const N = T * b;
  const width = R * H + S;
  const bH = b * H;
  const perStep = b * cell.savedWidth * H;
  const sizes = { batch: b, sourceLength: S, valueDim: C };
  // The inputs the loop reads, as views without a copy, taken again after
  // each allocation: a wasm heap that grows replaces its buffer.
  const view = () => ({
    dPacked: host.view(named.dy!),
    packed: host.view(named.packed!),
    saved: host.view(named.saved!),
    previous: host.view(named.previous!),
    queries: host.view(named.queries!),
    values: host.view(named.values!),
  });
  const scoreGradient = additiveScoresGradient(
    host,
    named.keyFeatures!,
    host.values(named.scoreVector!),
  );
  const dEmbeddingGates = new Float32Array(b * T * GH);
  const dGatesAll = new Float32Array(N * GH); // [T, b, G·H]
  const dRecurrentAll = new Float32Array(N * GH); // [T, b, G·H]
  const dQueryAll = new Float32Array(N * U); // [T, b, U]
  const dValues = new Float32Array(b * S * C);
  const dBiasHH = new Float32Array(GH);
  let carryH = new Float32Array(bH);
  let carryC = R === 2 ? new Float32Array(bH) : null;
  let viaMatmul: Float32Array | null = null;
  for (let t = T - 1; t >= 0; t--) {
    let { dPacked, packed, saved, previous, values } = view();
    if (carryC) {
      // The gradient of the c output at step t joins the one from later steps.
      const dCell = columns(dPacked, b, T * width, t * width + H, H);
      for (let k = 0; k < bH; k++) carryC[k] = carryC[k]! + dCell[k]!;
    }
    const dGates = dGatesAll.subarray(t * b * GH, (t + 1) * b * GH);
    const dRecurrent = dRecurrentAll.subarray(t * b * GH, (t + 1) * b * GH);
    const nextCarryH = new Float32Array(bH);
    const nextCarryC = carryC ? new Float32Array(bH) : null;
    cell.backward({
      batch: b,
      hidden: H,
      saved,
      savedBase: t * perStep,
      hPrev: previous.subarray(t * bH, (t + 1) * bH),
      cPrev: carryC ? previous.subarray((T + t) * bH, (T + t + 1) * bH) : null,
      lengths: null,
      step: t,
      dOutput: stepRows(dPacked, t, T, width, 0),
      carryH,
      carryFromMatmul: viaMatmul,
      carryC,
      dGates: denseRows(dGates, GH),
      dRecurrent: denseRows(dRecurrent, GH),
      dBias: dBiasHH,
      nextCarryH,
      nextCarryC,
    });
    writeStep(dEmbeddingGates, dGates, t, T, GH, 0, b, GH);
    const dContext = host.multiplyByWeight(dGates.slice(), [b, GH], blocks.context(), false);
    ({ dPacked, packed, values } = view());
    const dScores = weightedContextGradient({
      ...sizes,
      values,
      weights: stepRows(packed, t, T, width, R * H),
      dContext,
      dWeights: stepRows(dPacked, t, T, width, R * H),
      dValues,
    });
    const query = view().queries.slice(t * b * U, (t + 1) * b * U);
    const dQuery = scoreGradient.step(query, dScores); // [b, U]
    dQueryAll.set(dQuery, t * b * U);
    const throughHH = host.multiplyByWeight(dRecurrent.slice(), [b, GH], named.weightHH!, false);
    const throughQuery = host.multiplyByWeight(dQuery, [b, U], named.queryWeight!, false);
    for (let k = 0; k < bH; k++) throughHH[k] = throughHH[k]! + throughQuery[k]!;
    viaMatmul = throughHH; // [b, H]
    carryH = nextCarryH;
    carryC = nextCarryC;
  }
  for (let k = 0; k < bH; k++) carryH[k] = carryH[k]! + (viaMatmul ? viaMatmul[k]! : 0);
  const { dKeys, dV } = scoreGradient.result();
  const dInitial = new Float32Array(b * R * H);
  writeColumns(dInitial, b, R * H, 0, carryH, H);
  if (carryC) writeColumns(dInitial, b, R * H, H, carryC, H);
  const previousH = view().previous.slice(0, N * H); // [T·b, H]
  const embeddedRows = host.reshaped(named.embedded!, [b * T, E]);
  // The embeddings' share: gates = e·W_ih[:, :E]ᵀ + b_ih over all b·T rows at once.
  const dEmbedded = host.multiplyByWeight(dEmbeddingGates, [b * T, GH], blocks.embedding(), false); // [b·T, E]
  const dEmbeddingWeight = host.matMulValues(
    dEmbeddingGates,
    [b * T, GH],
    embeddedRows,
    true,
    false,
  ); // [G·H, E]
  const dContextWeight = host.matMulValues(
    dGatesAll,
    [N, GH],
    host.reshaped(named.contexts!, [N, C]),
    true,
    false,
  );
  const dWeightIH = new Float32Array(GH * (E + C));
  writeColumns(dWeightIH, GH, E + C, 0, dEmbeddingWeight, E);
  writeColumns(dWeightIH, GH, E + C, E, dContextWeight, C);
  const dBiasIH = new Float32Array(GH);
  for (let row = 0; row < b * T; row++) {
    for (let j = 0; j < GH; j++) dBiasIH[j] = dBiasIH[j]! + dEmbeddingGates[row * GH + j]!;
  }
  return [
    host.tensor([b, T, E], dEmbedded),
    host.tensor([GH, E + C], dWeightIH),
    host.tensor([GH], dBiasIH),
    host.tensor([b, R * H], dInitial),
    host.tensor([GH, H], host.matMulArrays(dRecurrentAll, [N, GH], previousH, [N, H], true, false)),
    host.tensor([GH], dBiasHH),
    host.tensor([U, H], host.matMulArrays(dQueryAll, [N, U], previousH, [N, H], true, false)),
    host.tensor([U], dV),
    dKeys,
    host.tensor([b, S, C], dValues),
  ];
}

/** The inputs `HeedBahdanauDecodeGrad` returns gradients for, in order. */
const BAHDANAU_GRADIENT_INPUTS = [
  'embedded',
  'weightIH',
  'biasIH',
  'initial',
  'weightHH',
  'biasHH',
  'queryWeight',
  'scoreVector',
  'keyFeatures',
  'values',
];

/** The inputs the gradient keeps, in order. */
const SAVED_INPUTS = [
  'embedded',
  'weightIH',
  'weightHH',
  'queryWeight',
  'scoreVector',
  'keyFeatures',
  'values',
];

/** The gradient of `HeedBahdanauDecode`, by the `HeedBahdanauDecodeGrad` kernel. */
export const bahdanauGradient: tf.GradConfig = {
  kernelName: BAHDANAU_DECODE,
  inputsToSave: [...SAVED_INPUTS, 'mask'],
  outputsToSave: [true, true, true, true, true],
  gradFunc: (dys, savedTensors, attrs) => {
    const inputs = savedTensors.slice(0, SAVED_INPUTS.length);
    const mask = savedTensors[SAVED_INPUTS.length]!;
    const [packed, saved, previous, queries, contexts] = savedTensors.slice(
      SAVED_INPUTS.length + 1,
    );
    const dy = (dys as tf.Tensor[])[0]!;
    const grads = tf.engine().runKernel(
      BAHDANAU_DECODE_GRAD,
      {
        dy,
        packed: packed!,
        saved: saved!,
        previous: previous!,
        queries: queries!,
        contexts: contexts!,
        ...Object.fromEntries(SAVED_INPUTS.map((name, k) => [name, inputs[k]!])),
      },
      attrs,
    ) as tf.Tensor[];
    return {
      ...Object.fromEntries(BAHDANAU_GRADIENT_INPUTS.map((name, k) => [name, () => grads[k]!])),
      mask: () => tf.zerosLike(mask),
    };
  },
};
