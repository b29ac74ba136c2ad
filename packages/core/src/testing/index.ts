export {
  checkGradients,
  type GradientCheckOptions,
  type GradientCheckReport,
} from './check-gradients';
export { checkParameterGradients } from './check-parameter-gradients';
export { expectNoLeaks } from './expect-no-leaks';
export { type CloseOptions, expectTensorsClose } from './expect-tensors-close';
