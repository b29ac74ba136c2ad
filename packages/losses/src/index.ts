export { type CandidateSample, type CandidateSampler, expectedCount } from './candidate-sampler';
export { LogUniformSampler, type LogUniformSamplerOptions } from './log-uniform-sampler';
export { type MaskedCrossEntropyOptions, maskedCrossEntropy } from './masked-cross-entropy';
export {
  type ProjectedCrossEntropyOptions,
  projectedCrossEntropy,
} from './projected-cross-entropy';
export { type LossResult, REDUCTIONS, type Reduction } from './reduction';
export {
  type ProjectionWeights,
  type SampledSoftmaxOptions,
  sampledSoftmaxLoss,
} from './sampled-softmax-loss';
