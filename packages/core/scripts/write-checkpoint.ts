// Writes a checkpoint directory from a JSON spec, for reading it back with
// read_checkpoint.py:
//   npx tsx scripts/write-checkpoint.ts src/__fixtures__/known-checkpoint.json /tmp/known
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint } from '../src/checkpoint/checkpoint';
import { readCheckpointSpec, tensorsFromSpec } from './checkpoint-spec';

const [specFile, directory] = process.argv.slice(2);
if (!specFile || !directory) {
  console.error('usage: tsx scripts/write-checkpoint.ts SPEC.json OUT_DIR');
  process.exit(2);
}
await tf.setBackend('cpu');
const spec = await readCheckpointSpec(specFile);
const weights = tensorsFromSpec(spec.tensors);
const extraTensors = tensorsFromSpec(spec.extraTensors);
await saveCheckpoint(directory, {
  weights,
  extraTensors,
  config: spec.config,
  ...(spec.metadata ? { metadata: spec.metadata } : {}),
});
tf.dispose([...weights.values(), ...extraTensors.values()]);
console.log(`wrote ${directory}`);
