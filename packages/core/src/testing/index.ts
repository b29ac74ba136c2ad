export type { GradientCheckOptions, GradientCheckReport } from './central-differences';
export { checkGradients } from './check-gradients';
export { checkParameterGradients } from './check-parameter-gradients';
export {
  type CountingBackend,
  countReads,
  type ReadCounter,
  registerCountingBackend,
} from './counting-backend';
export { expectNoLeaks } from './expect-no-leaks';
export { type CloseOptions, expectTensorsClose } from './expect-tensors-close';
