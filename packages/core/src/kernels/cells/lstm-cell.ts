import { sigmoid, tanh } from '../fast-math';
import type { CellBackwardArgs, CellForwardArgs, CellKernel } from './cell-kernel';

/**
 * PyTorch's LSTM step, gates i, f, g, o, each `x_· + h_· + b_h·`:
 *
 *     i = σ(·)  f = σ(·)  g = tanh(·)  o = σ(·)
 *     c' = f ⊙ c + i ⊙ g      h' = o ⊙ tanh(c')
 *
 * Saved per unit: i, f, g, o and tanh(c').
 */
export const lstmCell: CellKernel = {
  gates: 4,
  savedWidth: 5,
  hasCell: true,

  forward(args: CellForwardArgs): void {
    const { batch, hidden: H, lengths, step, biasHH, hPrev, hNext, saved, savedBase } = args;
    const cPrev = args.cPrev as Float32Array;
    const cNext = args.cNext as Float32Array;
    const gx = args.gx.data;
    const extra = args.gxExtra?.data;
    const gh = args.gh.data;
    const out = args.output?.data;
    for (let i = 0; i < batch; i++) {
      const row = i * H;
      const o = args.output ? args.output.base + i * args.output.stride : 0;
      if (lengths !== null && step >= lengths[i]!) {
        for (let j = 0; j < H; j++) {
          hNext[row + j] = hPrev[row + j]!;
          cNext[row + j] = cPrev[row + j]!;
        }
        if (out) out.fill(0, o, o + H);
        continue;
      }
      const x = args.gx.base + i * args.gx.stride;
      const e = args.gxExtra ? args.gxExtra.base + i * args.gxExtra.stride : 0;
      const g = args.gh.base + i * args.gh.stride;
      const s = savedBase + i * 5 * H;
      for (let j = 0; j < H; j++) {
        let ai = gx[x + j]! + gh[g + j]! + biasHH[j]!;
        let af = gx[x + H + j]! + gh[g + H + j]! + biasHH[H + j]!;
        let ag = gx[x + 2 * H + j]! + gh[g + 2 * H + j]! + biasHH[2 * H + j]!;
        let ao = gx[x + 3 * H + j]! + gh[g + 3 * H + j]! + biasHH[3 * H + j]!;
        if (extra) {
          ai += extra[e + j]!;
          af += extra[e + H + j]!;
          ag += extra[e + 2 * H + j]!;
          ao += extra[e + 3 * H + j]!;
        }
        const ig = sigmoid(ai);
        const fg = sigmoid(af);
        const gg = tanh(ag);
        const og = sigmoid(ao);
        const c = fg * cPrev[row + j]! + ig * gg;
        const tc = tanh(c);
        const h = og * tc;
        cNext[row + j] = c;
        hNext[row + j] = h;
        if (out) out[o + j] = h;
        saved[s + j] = ig;
        saved[s + H + j] = fg;
        saved[s + 2 * H + j] = gg;
        saved[s + 3 * H + j] = og;
        saved[s + 4 * H + j] = tc;
      }
    }
  },

  backward(args: CellBackwardArgs): void {
    const { batch, hidden: H, lengths, step, saved, savedBase, dBias } = args;
    const { carryH, carryFromMatmul: viaMatmul, nextCarryH } = args;
    const cPrev = args.cPrev as Float32Array;
    const carryC = args.carryC as Float32Array;
    const nextCarryC = args.nextCarryC as Float32Array;
    const dOut = args.dOutput?.data;
    const dGates = args.dGates.data;
    const dRec = args.dRecurrent.data;
    for (let i = 0; i < batch; i++) {
      const row = i * H;
      const dx = args.dGates.base + i * args.dGates.stride;
      const dh = args.dRecurrent.base + i * args.dRecurrent.stride;
      if (lengths !== null && step >= lengths[i]!) {
        for (let j = 0; j < H; j++) {
          nextCarryH[row + j] = carryH[row + j]! + (viaMatmul ? viaMatmul[row + j]! : 0);
          nextCarryC[row + j] = carryC[row + j]!;
        }
        dGates.fill(0, dx, dx + 4 * H);
        dRec.fill(0, dh, dh + 4 * H);
        continue;
      }
      const o = args.dOutput ? args.dOutput.base + i * args.dOutput.stride : 0;
      const s = savedBase + i * 5 * H;
      for (let j = 0; j < H; j++) {
        let grad = carryH[row + j]!;
        if (viaMatmul) grad += viaMatmul[row + j]!;
        if (dOut) grad += dOut[o + j]!;
        const ig = saved[s + j]!;
        const fg = saved[s + H + j]!;
        const gg = saved[s + 2 * H + j]!;
        const og = saved[s + 3 * H + j]!;
        const tc = saved[s + 4 * H + j]!;
        const dc = carryC[row + j]! + grad * og * (1 - tc * tc);
        const di = dc * gg * ig * (1 - ig);
        const df = dc * cPrev[row + j]! * fg * (1 - fg);
        const dg = dc * ig * (1 - gg * gg);
        const dO = grad * tc * og * (1 - og);
        nextCarryH[row + j] = 0;
        nextCarryC[row + j] = dc * fg;
        dGates[dx + j] = di;
        dGates[dx + H + j] = df;
        dGates[dx + 2 * H + j] = dg;
        dGates[dx + 3 * H + j] = dO;
        dRec[dh + j] = di;
        dRec[dh + H + j] = df;
        dRec[dh + 2 * H + j] = dg;
        dRec[dh + 3 * H + j] = dO;
        dBias[j] = dBias[j]! + di;
        dBias[H + j] = dBias[H + j]! + df;
        dBias[2 * H + j] = dBias[2 * H + j]! + dg;
        dBias[3 * H + j] = dBias[3 * H + j]! + dO;
      }
    }
  },
};
