// Saves checkpoint number 1, 2, 3, … to the directory named by argv[2]
// until killed, printing "saved <n>" after each save. Checkpoint n holds
// config { number: n } and a weight `w` of n + 1 values all equal to n, so a
// reader can tell whether config and weights come from the same save.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { saveCheckpoint } from '../checkpoint/checkpoint';

const directory = process.argv[2] as string;
await tf.setBackend('cpu');
for (let number = 1; ; number++) {
  const weights = new Map([['w', tf.fill([number + 1], number)]]);
  await saveCheckpoint(directory, { weights, config: { number } });
  tf.dispose([...weights.values()]);
  process.stdout.write(`saved ${number}\n`);
}
