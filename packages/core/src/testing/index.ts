export {
  checkGradients,
  type GradientCheckOptions,
  type GradientCheckReport,
} from './check-gradients';
export { checkParameterGradients } from './check-parameter-gradients';
export { type CountingBackend, registerCountingBackend } from './counting-backend';
export { expectNoLeaks } from './expect-no-leaks';
export { type CloseOptions, expectTensorsClose } from './expect-tensors-close';
