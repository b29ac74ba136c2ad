import type { SentencePair } from '@heed/data';
import { corpusBleu } from '@heed/metrics';
import { specOf } from '@heed/models';
import { createModel, type RecipeConfig, resolveConfig, trainerOptions } from '@heed/recipe';
import { loadPairs, prepareData, selectBackend } from '@heed/recipe/node';
import { Trainer } from '@heed/train';
import { type EvaluationReport, evaluateTranslations } from '../src/index';

/** One benchmark experiment: a config trained for a budget, then scored on the test split. */
export interface Experiment {
  name: string;
  config: Partial<RecipeConfig>;
  /** Beam widths scored at test time (1 is greedy). Defaults to [1]. */
  beams?: number[];
  /** Source length (in source tokens, EOS excluded) from which a sentence counts as long. Defaults to 30. */
  longFrom?: number;
  /** Test pairs scored (the first ones of the test split). Defaults to all. */
  testLimit?: number;
  /** Score these Moses files instead of the test split (e.g. Multi30k's test_2016_flickr). */
  testFiles?: { source: string; target: string };
}

/** What an experiment measured, per beam width. */
export interface ExperimentResult extends BeamResult {
  name: string;
  backend: string;
  parameters: number;
  steps: number;
  trainSeconds: number;
  /** One result per beam width after the first (which is this object's own). */
  otherBeams: BeamResult[];
}

/** The test scores of one beam width. */
export interface BeamResult {
  beam: number;
  report: EvaluationReport;
  /** BLEU on the test sentences of at least `longFrom` source tokens, and how many there were. */
  longBleu: number;
  longSentences: number;
  /** Test pairs by source length bucket: BLEU per bucket. */
  buckets: { from: number; to: number; sentences: number; bleu: number }[];
}

/** Trains and scores one experiment in this process; `runDirectory` receives its checkpoints. */
export async function runExperiment(
  experiment: Experiment,
  runDirectory: string,
): Promise<ExperimentResult> {
  const config = resolveConfig(experiment.config);
  const data = await prepareData(config);
  // Two benchmarks sharing the machine each take one core: HEED_BENCH_THREADS=1.
  const threads = process.env.HEED_BENCH_THREADS;
  const backend = await selectBackend(
    config.backend,
    threads === undefined ? config.threads : Number(threads),
  );
  const model = createModel(config, {
    sourceVocabSize: data.tokenizers.source.vocab.size,
    targetVocabSize: data.tokenizers.target.vocab.size,
  });
  const trainer = new Trainer(
    model,
    trainerOptions(config, {
      data,
      spec: specOf(model),
      runDirectory,
      progress: 'lines',
    }),
  );
  try {
    const started = performance.now();
    const fit = await trainer.fit(data.trainingData);
    const trainSeconds = (performance.now() - started) / 1000;
    const all = experiment.testFiles
      ? await loadPairs({ kind: 'moses', ...experiment.testFiles }, { reverse: config.reverse })
      : data.splits.test;
    const test = experiment.testLimit ? all.slice(0, experiment.testLimit) : all;
    const length = (pair: SentencePair) => data.tokenizers.source.encode(pair.source).length;
    const lengths = test.map(length);
    const longFrom = experiment.longFrom ?? 30;
    const scores: BeamResult[] = [];
    for (const beam of experiment.beams ?? [1]) {
      const report = await evaluateTranslations(model, data.tokenizers, test, {
        beam,
        lowercase: config.lowercase,
      });
      const bleuOf = (indices: number[]) =>
        indices.length === 0
          ? Number.NaN
          : corpusBleu(
              indices.map((i) => report.hypotheses[i] as string),
              [indices.map((i) => report.references[i] as string)],
              { lowercase: config.lowercase },
            ).score;
      const within = (from: number, to: number) =>
        lengths.flatMap((n, i) => (n >= from && n < to ? [i] : []));
      const edges = [0, 10, 20, 30, 40, Number.POSITIVE_INFINITY];
      const long = within(longFrom, Number.POSITIVE_INFINITY);
      scores.push({
        beam,
        report,
        longBleu: bleuOf(long),
        longSentences: long.length,
        buckets: edges.slice(0, -1).map((from, b) => {
          const to = edges[b + 1] as number;
          const indices = within(from, to);
          return { from, to, sentences: indices.length, bleu: bleuOf(indices) };
        }),
      });
    }
    const [first, ...otherBeams] = scores as [BeamResult, ...BeamResult[]];
    return {
      name: experiment.name,
      backend: backend.name,
      parameters: model.parameterCount(),
      steps: fit.steps,
      trainSeconds,
      ...first,
      otherBeams,
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
