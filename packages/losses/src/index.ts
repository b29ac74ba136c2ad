export { type MaskedCrossEntropyOptions, maskedCrossEntropy } from './masked-cross-entropy';
export { type LossResult, REDUCTIONS, type Reduction } from './reduction';
