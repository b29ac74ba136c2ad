import { invalidArgument } from '../../validation';
import type { CellKernel } from './cell-kernel';
import { gruCell } from './gru-cell';
import { lstmCell } from './lstm-cell';

/** The recurrent cells: PyTorch's `nn.GRU` (gates r, z, n) and `nn.LSTM` (i, f, g, o). */
export type CellKind = 'gru' | 'lstm';

export const CELL_KINDS: readonly CellKind[] = ['gru', 'lstm'];

/** Gate blocks per weight row group: 3 for GRU, 4 for LSTM. */
export function gateCount(kind: CellKind): number {
  return kind === 'gru' ? 3 : 4;
}

/** State tensors per direction: 1 (GRU: h) or 2 (LSTM: h and c). */
export function stateCount(kind: CellKind): number {
  return kind === 'gru' ? 1 : 2;
}

/** The elementwise half of a cell step, forward and backward, in JavaScript. */
export function cellKernel(kind: CellKind): CellKernel {
  return kind === 'gru' ? gruCell : lstmCell;
}

/**
 * `resetAfter` of a cell (true unless given): where a GRU applies its reset
 * gate. Only a GRU may set it false.
 */
export function resolveResetAfter(
  owner: string,
  cell: { kind: CellKind; resetAfter?: boolean | undefined },
): boolean {
  const resetAfter = cell.resetAfter ?? true;
  if (typeof resetAfter !== 'boolean') {
    throw invalidArgument(owner, 'resetAfter', 'must be a boolean', resetAfter);
  }
  if (!resetAfter && cell.kind !== 'gru') {
    throw invalidArgument(
      owner,
      'resetAfter',
      `can be false for a GRU only (the cell is '${cell.kind}')`,
      resetAfter,
    );
  }
  return resetAfter;
}
