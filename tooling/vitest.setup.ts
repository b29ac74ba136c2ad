// Every test file runs on the pure-JS `cpu` backend, the reference, with all
// gradients registered (as `@tensorflow/tfjs` does for its users) and heed's
// kernels registered (as `initBackend` does).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { registerHeedKernels } from '../packages/core/src/kernels/register-heed-kernels';

registerHeedKernels();
await tf.setBackend('cpu');
await tf.ready();
