import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { AttentionLayer } from '@heed/attention/layers';

const query = tfl.input({ shape: [7, 32] }); // [T, dq]
const value = tfl.input({ shape: [10, 32] }); // [S, dv]
const valueMask = tfl.input({ shape: [10] }); // [S], 1 = real token
const layer = new AttentionLayer({ attention: { type: 'additive', units: 64 } });
const context = layer.apply([query, value, valueMask]);
const model = tfl.model({
  inputs: [query, value, valueMask],
  outputs: context as tfl.SymbolicTensor,
});
console.log(model.outputShape); // [batch, T, dv]
// → [ null, 7, 32 ]
console.log(layer.weights.map((weight) => weight.shape));
// → [ [ 64, 32 ], [ 64, 32 ], [ 64 ], [ 64 ] ]
