// Trains without a step limit until it receives SIGINT; the trainer then saves
// a checkpoint and `fit` returns, and the process ends normally (exit code 0).
// Run by interrupt.test.ts as: node --import tsx test/interrupt-child.ts <run directory>
// (TSX_TSCONFIG_PATH=test/tsconfig.json maps @heed/* to the sources).
// @tensorflow/tfjs registers the cpu backend and every gradient (the deep
// register_all_gradients import is ESM that Node cannot load directly).
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { Trainer } from '../src/node/index';
import { copyTaskBatches, TinySeq2Seq } from './tiny-model';

await tf.setBackend('cpu');
const runDirectory = process.argv[2] ?? 'runs/interrupt-child';
const model = new TinySeq2Seq({ sourceVocabSize: 10, targetVocabSize: 10 });
const trainer = new Trainer(model, {
  maxSteps: 1_000_000,
  runDirectory,
  progress: 'none',
  onStep: ({ step }) => {
    if (step === 3) process.stdout.write('ready\n');
  },
});
const result = await trainer.fit(
  copyTaskBatches({ batches: 3, batchSize: 2, vocabSize: 10, maxLength: 3 }),
);
process.stdout.write(`${JSON.stringify({ stopReason: result.stopReason, steps: result.steps })}\n`);
