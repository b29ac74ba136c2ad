import { sigmoid, tanh } from '../fast-math';
import type { CellBackwardArgs, CellForwardArgs, CellKernel } from './cell-kernel';

/**
 * PyTorch's GRU step, gates r, z, n:
 *
 *     r = σ(x_r + h_r + b_hr)      z = σ(x_z + h_z + b_hz)
 *     n = tanh(x_n + r ⊙ (h_n + b_hn))
 *     h' = (1 − z) ⊙ n + z ⊙ h
 *
 * with `x_· = W_i· x + b_i·` (gx) and `h_· = W_h· h` (gh). Saved per unit:
 * r, z, n and `h_n + b_hn`.
 */
export const gruCell: CellKernel = {
  gates: 3,
  savedWidth: 4,
  hasCell: false,

  forward(args: CellForwardArgs): void {
    const { batch, hidden: H, lengths, step, biasHH, hPrev, hNext, saved, savedBase } = args;
    const gx = args.gx.data;
    const extra = args.gxExtra?.data;
    const gh = args.gh.data;
    const out = args.output?.data;
    for (let i = 0; i < batch; i++) {
      const row = i * H;
      const o = args.output ? args.output.base + i * args.output.stride : 0;
      if (lengths !== null && step >= lengths[i]!) {
        for (let j = 0; j < H; j++) hNext[row + j] = hPrev[row + j]!;
        if (out) out.fill(0, o, o + H);
        continue;
      }
      const x = args.gx.base + i * args.gx.stride;
      const e = args.gxExtra ? args.gxExtra.base + i * args.gxExtra.stride : 0;
      const g = args.gh.base + i * args.gh.stride;
      const s = savedBase + i * 4 * H;
      for (let j = 0; j < H; j++) {
        let xr = gx[x + j]!;
        let xz = gx[x + H + j]!;
        let xn = gx[x + 2 * H + j]!;
        if (extra) {
          xr += extra[e + j]!;
          xz += extra[e + H + j]!;
          xn += extra[e + 2 * H + j]!;
        }
        const r = sigmoid(xr + gh[g + j]! + biasHH[j]!);
        const z = sigmoid(xz + gh[g + H + j]! + biasHH[H + j]!);
        const hn = gh[g + 2 * H + j]! + biasHH[2 * H + j]!;
        const n = tanh(xn + r * hn);
        const h = hPrev[row + j]!;
        const next = n + z * (h - n);
        hNext[row + j] = next;
        if (out) out[o + j] = next;
        saved[s + j] = r;
        saved[s + H + j] = z;
        saved[s + 2 * H + j] = n;
        saved[s + 3 * H + j] = hn;
      }
    }
  },

  backward(args: CellBackwardArgs): void {
    const { batch, hidden: H, lengths, step, saved, savedBase, hPrev, dBias } = args;
    const { carryH, carryFromMatmul: viaMatmul, nextCarryH } = args;
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
        }
        dGates.fill(0, dx, dx + 3 * H);
        dRec.fill(0, dh, dh + 3 * H);
        continue;
      }
      const o = args.dOutput ? args.dOutput.base + i * args.dOutput.stride : 0;
      const s = savedBase + i * 4 * H;
      for (let j = 0; j < H; j++) {
        let grad = carryH[row + j]!;
        if (viaMatmul) grad += viaMatmul[row + j]!;
        if (dOut) grad += dOut[o + j]!;
        const r = saved[s + j]!;
        const z = saved[s + H + j]!;
        const n = saved[s + 2 * H + j]!;
        const hn = saved[s + 3 * H + j]!;
        const dn = grad * (1 - z) * (1 - n * n);
        const dz = grad * (hPrev[row + j]! - n) * z * (1 - z);
        const dr = dn * hn * r * (1 - r);
        nextCarryH[row + j] = grad * z;
        dGates[dx + j] = dr;
        dGates[dx + H + j] = dz;
        dGates[dx + 2 * H + j] = dn;
        const dnh = dn * r;
        dRec[dh + j] = dr;
        dRec[dh + H + j] = dz;
        dRec[dh + 2 * H + j] = dnh;
        dBias[j] = dBias[j]! + dr;
        dBias[H + j] = dBias[H + j]! + dz;
        dBias[2 * H + j] = dBias[2 * H + j]! + dnh;
      }
    }
  },
};
