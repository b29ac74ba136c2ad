/** The recurrent cells, shared with core's kernels: `'gru'` (PyTorch `nn.GRU`) or `'lstm'`. */
export { CELL_KINDS, type CellKind, gateCount } from '@heed/core';
