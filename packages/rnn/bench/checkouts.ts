/**
 * Compares checkouts of this repository on one W-small or W-base step of
 * `seq2seq.ts` (training with the projected cross-entropy and Adam, greedy
 * decoding, beam 5), wasm with one thread, in CPU milliseconds (median and
 * minimum), so that a change can be shown not to slow the kernels down. Each
 * run loads the model, kernels and decoders of the checkout it is given
 * (its built `packages/*\/dist`, with `packages/rnn/src`); run it for each
 * checkout in turn, interleaved, and compare the printed JSON lines.
 *
 *   npx tsx bench/checkouts.ts <checkout root> [small|base] [train steps] [decode repeats]
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { WORKLOADS, workloadModelConfig } from './workloads';

const [root, workload = 'small', stepsArgument = '6', repeatsArgument = '3'] =
  process.argv.slice(2);
if (!root) throw new Error('usage: checkouts.ts <checkout root> [small|base] [steps] [repeats]');
const corePath = `${root}/packages/core/dist/node.js`;
const core = await import(existsSync(corePath) ? corePath : `${root}/packages/core/dist/index.js`);
const decoding = await import(`${root}/packages/decoding/dist/index.js`);
const losses = await import(`${root}/packages/losses/dist/index.js`);
const { RnnSeq2Seq } = await import(`${root}/packages/rnn/src/rnn-seq2seq.ts`);

const size = WORKLOADS[workload as keyof typeof WORKLOADS];
if (!size) throw new Error(`workload must be small or base. Received: ${workload}`);

await core.initBackend('wasm', { threads: 1 });
const model = new RnnSeq2Seq(workloadModelConfig(size));
const { batch: b, length: T } = size;
const source = tf.randomUniform([b, T], 4, size.vocab, 'int32', 1) as tf.Tensor2D;
const lengths = tf.fill([b], T, 'int32') as tf.Tensor1D;
const target = tf.randomUniform([b, T], 4, size.vocab, 'int32', 2) as tf.Tensor2D;
const targetInput = tf.concat([tf.ones([b, 1], 'int32'), tf.slice(target, [0, 0], [b, T - 1])], 1);
const optimizer = tf.train.adam(1e-3);
const parameters = model.trainableParameters();
const trainStep = () =>
  optimizer.minimize(
    () => {
      const { hidden } = model.forwardHidden(source, lengths, targetInput, { training: true });
      // Older checkouts had the fused loss on the output layer instead of in @heed/losses.
      return losses.projectedCrossEntropy
        ? losses.projectedCrossEntropy(hidden, target, model.outputProjection).loss
        : model.decoder.output.crossEntropy(hidden, target).loss;
    },
    false,
    parameters,
  );

/** CPU milliseconds of this process (user + system). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median and minimum CPU ms of `count` calls after one warm-up call. */
async function time(fn: () => unknown, count: number) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = cpuMs();
    await fn();
    times.push(cpuMs() - start);
  }
  times.sort((x, y) => x - y);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

const fixedLength = { maxLength: T, minLength: T - 1 };
const train = await time(trainStep, Number(stepsArgument));
const greedy = await time(
  () => decoding.greedyDecode(model, source, lengths, fixedLength),
  Number(repeatsArgument),
);
const beam5 = await time(
  () => decoding.beamSearch(model, source, lengths, { ...fixedLength, beamSize: 5 }),
  Number(repeatsArgument),
);
console.log(
  JSON.stringify({ root, workload, trainStepMs: train, greedyMs: greedy, beam5Ms: beam5 }),
);
