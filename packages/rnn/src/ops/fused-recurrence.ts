import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, cellKernel } from '../cell-kind';
import { columns, denseRows, stepRows, writeColumns, writeTransposed } from '../fused/rows';
import { copyFloats, floatsOf, TensorReader, tensorFrom } from '../fused/tensor-data';

/** The shape of a recurrence (one layer, one or two directions). */
export interface RecurrenceSpec {
  kind: CellKind;
  /** H, the state size of each direction. */
  hidden: number;
  /** 1, or 2 for bidirectional (direction 1 runs from the last step to the first). */
  directions: number;
  /** `[b]` true lengths; null when every row runs all T steps. */
  lengths: Int32Array | null;
}

/**
 * A whole recurrent layer as one differentiable op: the forward loop runs
 * one `matMul` (`h · W_hhᵀ`) and one fused JavaScript kernel per step and
 * direction, saving the gates; the custom gradient runs the loop backwards
 * with one `matMul` (`dgh · W_hh`) per step, then computes each `W_hh`
 * gradient with a single `[G·H, T·b] × [T·b, H]` matMul.
 *
 * @param gates `[b, T, D·G·H]`: `W_ih x + b_ih` of every step, direction blocks side by side.
 * @param initial `[b, D·H]` initial states (LSTM: `[b, 2·D·H]`, all h then all c).
 * @param weights per direction `W_hh [G·H, H]` (PyTorch layout).
 * @param biases per direction `b_hh [G·H]`.
 * @returns `[b, T + R, D·H]`: the outputs (zero past each length), then the
 *   final h (and for LSTM the final c) at each row's true last step.
 */
export function fusedRecurrence(
  spec: RecurrenceSpec,
  gates: tf.Tensor3D,
  initial: tf.Tensor2D,
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
): tf.Tensor3D {
  const { hidden: H, directions: D, lengths } = spec;
  const kernel = cellKernel(spec.kind);
  const G = kernel.gates;
  const R = kernel.hasCell ? 2 : 1;
  const [b, T, width] = gates.shape;
  const rowsPerStep = b * kernel.savedWidth * H;

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [gateTensor, initialTensor, ...parameters] = args as tf.Tensor[];
    const hhWeights = parameters.filter((_, k) => k % 2 === 0) as tf.Tensor2D[];
    const hhBiases = parameters.filter((_, k) => k % 2 === 1);
    save(hhWeights);
    const gateReader = new TensorReader(gateTensor as tf.Tensor);
    const start = copyFloats(initialTensor as tf.Tensor); // [b, R·D·H]
    const packed = new Float32Array(b * (T + R) * D * H);
    const saved: Float32Array[] = [];
    const previousH: Float32Array[] = [];
    const previousC: Float32Array[] = [];
    const biasValues = hhBiases.map(copyFloats);
    const transposed = hhWeights.map((w) => tf.transpose(w)); // [H, G·H] each
    const h: Float32Array[] = [];
    const c: (Float32Array | null)[] = [];
    const hTensors: tf.Tensor2D[] = [];
    for (let d = 0; d < D; d++) {
      h.push(columns(start, b, R * D * H, d * H, H));
      c.push(kernel.hasCell ? columns(start, b, R * D * H, (D + d) * H, H) : null);
      hTensors.push(tensorFrom(h[d]!.slice(), [b, H]));
      saved.push(new Float32Array(T * rowsPerStep));
      previousH.push(new Float32Array(T * b * H));
      previousC.push(new Float32Array(kernel.hasCell ? T * b * H : 0));
    }
    for (let s = 0; s < T; s++) {
      for (let d = 0; d < D; d++) {
        const t = d === 0 ? s : T - 1 - s;
        previousH[d]!.set(h[d]!, s * b * H);
        if (kernel.hasCell) previousC[d]!.set(c[d]!, s * b * H);
        const recurrent = tf.matMul(hTensors[d]!, transposed[d]!); // [b, G·H]
        const hNext = new Float32Array(b * H);
        const cNext = kernel.hasCell ? new Float32Array(b * H) : null;
        kernel.forward({
          batch: b,
          hidden: H,
          gx: stepRows(gateReader.values(), t, T, width, d * G * H),
          gxExtra: null,
          gh: denseRows(floatsOf(recurrent), G * H),
          biasHH: biasValues[d]!,
          hPrev: h[d]!,
          cPrev: c[d]!,
          hNext,
          cNext,
          output: stepRows(packed, t, T + R, D * H, d * H),
          saved: saved[d]!,
          savedBase: s * rowsPerStep,
          lengths,
          step: t,
        });
        recurrent.dispose();
        hTensors[d]!.dispose();
        h[d] = hNext;
        c[d] = cNext;
        hTensors[d] = tensorFrom(hNext, [b, H]);
      }
    }
    for (let d = 0; d < D; d++) {
      writeColumns(packed, b, (T + R) * D * H, T * D * H + d * H, h[d]!, H);
      if (kernel.hasCell)
        writeColumns(packed, b, (T + R) * D * H, (T + 1) * D * H + d * H, c[d]!, H);
    }
    tf.dispose([...hTensors, ...transposed]);

    const gradFunc = (dy: tf.Tensor, savedTensors: tf.Tensor[]): tf.Tensor[] => {
      const dPacked = copyFloats(dy); // [b, T + R, D·H]
      const dGates = new Float32Array(b * T * width);
      const dInitial = new Float32Array(b * R * D * H);
      const parameterGrads: tf.Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const weight = savedTensors[d] as tf.Tensor2D;
        let carryH = columns(dPacked, b, (T + R) * D * H, T * D * H + d * H, H);
        let carryC = kernel.hasCell
          ? columns(dPacked, b, (T + R) * D * H, (T + 1) * D * H + d * H, H)
          : null;
        let viaMatmul: Float32Array | null = null;
        const dRecurrentT = new Float32Array(G * H * T * b); // [G·H, T·b]
        const dBias = new Float32Array(G * H);
        for (let s = T - 1; s >= 0; s--) {
          const t = d === 0 ? s : T - 1 - s;
          const dRecurrent = new Float32Array(b * G * H);
          const nextCarryH = new Float32Array(b * H);
          const nextCarryC = kernel.hasCell ? new Float32Array(b * H) : null;
          kernel.backward({
            batch: b,
            hidden: H,
            saved: saved[d]!,
            savedBase: s * rowsPerStep,
            hPrev: previousH[d]!.subarray(s * b * H, (s + 1) * b * H),
            cPrev: kernel.hasCell ? previousC[d]!.subarray(s * b * H, (s + 1) * b * H) : null,
            lengths,
            step: t,
            dOutput: stepRows(dPacked, t, T + R, D * H, d * H),
            carryH,
            carryFromMatmul: viaMatmul,
            carryC,
            dGates: stepRows(dGates, t, T, width, d * G * H),
            dRecurrent: denseRows(dRecurrent, G * H),
            dBias,
            nextCarryH,
            nextCarryC,
          });
          writeTransposed(denseRows(dRecurrent, G * H), b, G * H, dRecurrentT, T * b, s * b);
          const step = tensorFrom<tf.Tensor2D>(dRecurrent, [b, G * H]);
          const throughWeights = tf.matMul(step, weight); // [b, H]
          viaMatmul = copyFloats(throughWeights);
          tf.dispose([step, throughWeights]);
          carryH = nextCarryH;
          carryC = nextCarryC;
        }
        for (let k = 0; k < carryH.length; k++) carryH[k] = carryH[k]! + viaMatmul![k]!;
        writeColumns(dInitial, b, R * D * H, d * H, carryH, H);
        if (carryC) writeColumns(dInitial, b, R * D * H, (D + d) * H, carryC, H);
        const dRecurrentMatrix = tensorFrom<tf.Tensor2D>(dRecurrentT, [G * H, T * b]);
        const previous = tensorFrom<tf.Tensor2D>(previousH[d]!, [T * b, H]);
        parameterGrads.push(tf.matMul(dRecurrentMatrix, previous), tensorFrom(dBias, [G * H]));
        tf.dispose([dRecurrentMatrix, previous]);
      }
      return [
        tensorFrom(dGates, [b, T, width]),
        tensorFrom(dInitial, [b, R * D * H]),
        ...parameterGrads,
      ];
    };
    return { value: tensorFrom<tf.Tensor3D>(packed, [b, T + R, D * H]), gradFunc };
  });
  const parameters = weights.flatMap((w, d) => [w, biases[d] as tf.Tensor]);
  return op(gates, initial, ...parameters) as tf.Tensor3D;
}
