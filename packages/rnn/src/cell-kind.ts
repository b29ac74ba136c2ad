import type { CellKernel } from './fused/cell-kernel';
import { gruKernel } from './fused/gru-kernel';
import { lstmKernel } from './fused/lstm-kernel';

/** The recurrent cells: PyTorch's `nn.GRU` (gates r, z, n) and `nn.LSTM` (i, f, g, o). */
export type CellKind = 'gru' | 'lstm';

export const CELL_KINDS: readonly CellKind[] = ['gru', 'lstm'];

/** Gate blocks per weight row group: 3 for GRU, 4 for LSTM. */
export function gateCount(kind: CellKind): number {
  return kind === 'gru' ? 3 : 4;
}

/** The fused JavaScript kernel of a cell kind. */
export function cellKernel(kind: CellKind): CellKernel {
  return kind === 'gru' ? gruKernel : lstmKernel;
}
