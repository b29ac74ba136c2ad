// Every test file runs on the pure-JS `cpu` backend, the reference, with all
// gradients registered (as `@tensorflow/tfjs` does for its users).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
await tf.ready();
