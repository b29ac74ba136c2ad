import type { Rows } from './rows';

/** One step of a recurrent cell over a batch, forward. Shapes use H = hidden, G = gates. */
export interface CellForwardArgs {
  batch: number;
  hidden: number;
  /** Input-side pre-activations `W_ih x + b_ih`, G·H per row. */
  gx: Rows;
  /** Added to `gx` when present (a decoder's context projection), G·H per row. */
  gxExtra: Rows | null;
  /** `W_hh h` without its bias: the first G·H values of each row are read. */
  gh: Rows;
  /** `b_hh [G·H]`. */
  biasHH: Float32Array;
  /** `[b, H]` state before the step. */
  hPrev: Float32Array;
  /** `[b, H]` LSTM cell before the step; null for GRU. */
  cPrev: Float32Array | null;
  /** `[b, H]` written: the state after the step (unchanged past a row's length). */
  hNext: Float32Array;
  /** `[b, H]` written: the LSTM cell after the step. */
  cNext: Float32Array | null;
  /** Written when present: the step's output, zero past a row's length. */
  output: Rows | null;
  /** Written: what the backward step needs, `savedWidth·H` per row from `savedBase`. */
  saved: Float32Array;
  savedBase: number;
  /** `[b]` sequence lengths; rows with `step ≥ length` keep their state. Null: all run. */
  lengths: Int32Array | null;
  /** The time index t (compared with `lengths`). */
  step: number;
}

/** One step backward; `saved`, `hPrev`, `cPrev`, `lengths`, `step` as given forward. */
export interface CellBackwardArgs {
  batch: number;
  hidden: number;
  saved: Float32Array;
  savedBase: number;
  hPrev: Float32Array;
  cPrev: Float32Array | null;
  lengths: Int32Array | null;
  step: number;
  /** Gradient of the step's output, when it has one. */
  dOutput: Rows | null;
  /** `[b, H]` gradient reaching `h_t` from later steps (the part not through `W_hh`). */
  carryH: Float32Array;
  /** `[b, H]` gradient reaching `h_t` through the next step's `W_hh h_t`, when any. */
  carryFromMatmul: Float32Array | null;
  /** `[b, H]` gradient reaching the LSTM cell `c_t`. */
  carryC: Float32Array | null;
  /** Written: gradient of the input-side pre-activations, G·H per row. */
  dGates: Rows;
  /** Written: gradient of `W_hh h + b_hh`, G·H per row. */
  dRecurrent: Rows;
  /** `[G·H]` accumulated: Σ over rows of `dRecurrent` (the gradient of `b_hh`). */
  dBias: Float32Array;
  /** `[b, H]` written: gradient reaching `h_{t−1}` other than through `W_hh`. */
  nextCarryH: Float32Array;
  /** `[b, H]` written: gradient reaching `c_{t−1}`. */
  nextCarryC: Float32Array | null;
}

/** The fused elementwise half of a GRU or LSTM step, forward and backward. */
export interface CellKernel {
  /** Gate blocks per row: 3 (GRU r, z, n) or 4 (LSTM i, f, g, o). */
  readonly gates: number;
  /** Values saved per hidden unit and row for the backward step. */
  readonly savedWidth: number;
  /** Whether the state has a cell `c` besides `h`. */
  readonly hasCell: boolean;
  forward(args: CellForwardArgs): void;
  backward(args: CellBackwardArgs): void;
}
