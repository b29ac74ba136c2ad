import { type BackendName, initBackend } from '@heed/core';
import { beamSearch, greedyDecode } from '@heed/decoding';
import { RnnSeq2Seq } from '@heed/rnn';
import { MemoryRunStorage, Trainer, type TrainingBatch } from '@heed/train';
import { Transformer } from '@heed/transformer';
import * as tf from '@tensorflow/tfjs-core';

/** What one model did in the scenario, as plain numbers for comparison. */
export interface ModelResult {
  /** Teacher-forced logits of the untrained model, flattened `[b, T, V]`. */
  logits: number[];
  greedy: { tokens: number[][]; scores: number[] };
  beam: { tokens: number[][]; scores: number[] };
  /** Losses of the training steps, in order. */
  losses: number[];
  /** Logits of the trained model after a round trip through checkpoint bytes. */
  reloadedLogits: number[];
  /** Largest difference between the trained model's logits and the reloaded one's. */
  reloadDifference: number;
}

/** Everything the scenario measured on one backend. */
export interface ScenarioResult {
  backend: string;
  reason: string;
  rnn: ModelResult;
  transformer: ModelResult;
  /** Tensors alive after the scenario minus before it (0: nothing leaked). */
  leakedTensors: number;
}

const VOCAB = 12;
// [b=2, S=5], PAD after each sentence's end.
const SOURCE = [
  [4, 5, 6, 7, 2],
  [8, 9, 2, 0, 0],
];
const SOURCE_LENGTHS = [5, 3];
// [b=2, T=4] teacher-forced decoder input, BOS first.
const TARGET_INPUT = [
  [1, 7, 6, 5],
  [1, 9, 8, 0],
];
const BATCHES: TrainingBatch[] = [
  {
    source: [
      [4, 5, 6, 2],
      [7, 8, 2, 0],
    ],
    target: [
      [4, 5, 6, 2],
      [7, 8, 2, 0],
    ],
  },
  {
    source: [
      [9, 10, 2],
      [5, 2, 0],
    ],
    target: [
      [9, 10, 2],
      [5, 2, 0],
    ],
  },
];
const TRAINING_STEPS = 3;

type Model = RnnSeq2Seq | Transformer;

function teacherForcedLogits(model: Model): Promise<number[]> {
  const logits = tf.tidy(
    () =>
      model.forward(
        tf.tensor2d(SOURCE, undefined, 'int32'),
        tf.tensor1d(SOURCE_LENGTHS, 'int32'),
        tf.tensor2d(TARGET_INPUT, undefined, 'int32'),
      ).logits,
  ); // [b, T, V]
  return logits.data().then((values) => {
    logits.dispose();
    return Array.from(values);
  });
}

async function exercise(
  model: Model,
  reload: (files: Awaited<ReturnType<Model['toCheckpointFiles']>>) => Promise<Model>,
): Promise<ModelResult> {
  const logits = await teacherForcedLogits(model);
  const source = tf.tensor2d(SOURCE, undefined, 'int32');
  const lengths = tf.tensor1d(SOURCE_LENGTHS, 'int32');
  const greedy = await greedyDecode(model, source, lengths, { maxLength: 6 });
  const beam = await beamSearch(model, source, lengths, { beamSize: 3, maxLength: 6 });
  tf.dispose([source, lengths]);

  const losses: number[] = [];
  const trainer = new Trainer(model, {
    optimizer: { type: 'adam', learningRate: 0.01 },
    maxSteps: TRAINING_STEPS,
    seed: 7,
    storage: new MemoryRunStorage(),
    progress: 'none',
    handleInterrupts: false,
    onStep: (record) => losses.push(record.loss),
  });
  await trainer.fit(BATCHES);
  trainer.dispose();

  const trained = await teacherForcedLogits(model);
  const reloaded = await reload(await model.toCheckpointFiles());
  const reloadedLogits = await teacherForcedLogits(reloaded);
  reloaded.dispose();
  return {
    logits,
    greedy: { tokens: greedy.tokens, scores: greedy.scores },
    beam: {
      tokens: beam.hypotheses.map((sentence) => sentence[0]?.tokens ?? []),
      scores: beam.hypotheses.map((sentence) => sentence[0]?.score ?? Number.NaN),
    },
    losses,
    reloadedLogits,
    reloadDifference: Math.max(
      ...trained.map((value, i) => Math.abs(value - (reloadedLogits[i] ?? Number.NaN))),
    ),
  };
}

/**
 * Builds an additive-attention RnnSeq2Seq and a Transformer (fixed seeds) on
 * `backend`, decodes greedily and with beam search, trains a few steps
 * through `@heed/train`, and round-trips each through checkpoint bytes. The
 * same code runs in the page and in Node.
 */
export async function runScenario(backend: BackendName): Promise<ScenarioResult> {
  const report = await initBackend(backend);
  const before = tf.memory().numTensors;
  const rnnModel = new RnnSeq2Seq({
    sourceVocabSize: VOCAB,
    targetVocabSize: VOCAB,
    encoder: { embeddingDim: 6, hiddenSize: 8 },
    decoder: { embeddingDim: 6, hiddenSize: 8 },
    attention: { type: 'additive', units: 8 },
    seed: 11,
  });
  const rnn = await exercise(rnnModel, (files) => RnnSeq2Seq.load(files));
  rnnModel.dispose();
  const transformerModel = new Transformer({
    sourceVocabSize: VOCAB,
    targetVocabSize: VOCAB,
    modelDim: 8,
    heads: 2,
    encoderLayers: 1,
    decoderLayers: 1,
    feedForwardDim: 16,
    dropout: 0,
    seed: 12,
  });
  const transformer = await exercise(transformerModel, (files) => Transformer.load(files));
  transformerModel.dispose();
  return {
    backend: report.name,
    reason: report.reason,
    rnn,
    transformer,
    leakedTensors: tf.memory().numTensors - before,
  };
}
