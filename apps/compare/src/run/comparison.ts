import { writeFileAtomically } from '@heed/core/node';
import { DATA_SEED, describeDataSource } from '@heed/recipe';
import { prepareData, selectBackend } from '@heed/recipe/node';
import type { ProgressMode } from '@heed/train';
import { writeReport } from '@heed/viz/node';
import type { CompareConfig } from '../config/compare-config';
import { CompareError } from '../errors';
import { modelConfig } from '../models/model-config';
import { type ModelName, REFERENCE_MODEL } from '../models/model-names';
import { type ModelPlan, type PlannedModel, planModels, seededModel } from '../models/plan-models';
import { resultsMarkdown } from '../output/markdown-tables';
import { reportInput } from '../output/report';
import type { ModelResult } from './model-result';
import { OutputDirectory, RESULT_FORMAT, RESULT_VERSION } from './output-directory';
import { runEach } from './run-each';
import { type ModelSummary, SIGNIFICANCE_LEVEL, summarizeModels } from './summarize';
import { testModel, testSet } from './test-model';
import { trainModel } from './train-model';
import { writeJsonAtomically } from './write-json';

/** Options of `runComparison`. */
export interface RunComparisonOptions {
  config: CompareConfig;
  /** The models to train, in any order (they run in the canonical order). */
  models: readonly ModelName[];
  /** The model the others are tested against. Defaults to the first of `models` in the canonical order. */
  baseline?: ModelName;
  /** Output directory; a rerun with the same settings resumes it. */
  out: string;
  /** The trainer's progress display. Defaults to `'auto'`. */
  progress?: ProgressMode;
  /** Where the run header and per-model progress go. Defaults to `process.stderr`. */
  log?: NodeJS.WritableStream;
  /** The command line, recorded in the report. Defaults to `''`. */
  command?: string;
}

/** A finished comparison, as written to `results.json`. */
export interface Comparison {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
  command: string;
  /** The backend and why it was chosen. */
  backend: string;
  seeds: {
    /** Weights, data order and dropout: every model is trained once with each. */
    seeds: number[];
    /** Built-in corpus generation and the train/valid/test split (fixed in heed-nmt). */
    data: number;
  };
  /** The model the others are tested against (paired bootstrap). */
  baseline: ModelName;
  /** p-values under this are marked significant. */
  significanceLevel: number;
  data: {
    source: string;
    train: number;
    valid: number;
    test: number;
    /** Training pairs over `maxLength` tokens, left out. */
    dropped: number;
    sourceVocabulary: number;
    targetVocabulary: number;
  };
  settings: CompareConfig;
  transformerSizing: ModelPlan['transformer'] & {
    referenceModel: ModelName;
    referenceParameters: number;
  };
  /** Every model over its seeds: mean ± sd and the paired bootstrap against the baseline. */
  summaries: ModelSummary[];
  /** Every run (model × seed). */
  results: ModelResult[];
}

/**
 * Trains and tests the selected models one after another on the same data,
 * tokenizers, seed and budget, and writes `results.json`, `table.md` and
 * `report.html` to the output directory. Each finished model's result is
 * saved at once (atomically); a rerun with the same settings skips finished
 * models and resumes an interrupted one from its last checkpoint.
 */
export async function runComparison(options: RunComparisonOptions): Promise<Comparison> {
  const { config } = options;
  const log = options.log ?? process.stderr;
  const out = new OutputDirectory(options.out);
  const state = await out.claim(config);
  const backend = await selectBackend(config.backend, config.threads);
  const data = await prepareData(modelConfig(REFERENCE_MODEL, config, config.heads));
  const sizes = {
    sourceVocabSize: data.tokenizers.source.vocab.size,
    targetVocabSize: data.tokenizers.target.vocab.size,
  };
  const plan = planModels(config, options.models, sizes);
  const baseline = options.baseline ?? (plan.models[0]?.name as ModelName);
  if (!plan.models.some((model) => model.name === baseline)) {
    throw new CompareError(
      `--baseline: '${baseline}' is not among the models of this run (${plan.models.map((model) => model.name).join(', ')})`,
    );
  }
  const seeds = Array.from({ length: config.seeds }, (_, k) => config.seed + k);
  const test = testSet(data.splits.test, data.tokenizers, config);
  if (test.pairs.length === 0) {
    throw new CompareError(
      `${describeDataSource(data.source)}: the test split is empty; raise --test-share`,
    );
  }
  const comparison: Comparison = {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    command: options.command ?? '',
    backend: backend.description,
    seeds: { seeds, data: DATA_SEED },
    baseline,
    significanceLevel: SIGNIFICANCE_LEVEL,
    data: {
      source: describeDataSource(data.source),
      train: data.splits.train.length,
      valid: data.splits.valid.length,
      test: test.pairs.length,
      dropped: data.dropped,
      sourceVocabulary: sizes.sourceVocabSize,
      targetVocabulary: sizes.targetVocabSize,
    },
    settings: config,
    transformerSizing: {
      ...plan.transformer,
      referenceModel: REFERENCE_MODEL,
      referenceParameters: plan.referenceParameters,
    },
    summaries: [],
    results: [],
  };
  log.write(header(comparison, plan, out.root, state));

  const budget = config.steps ?? 0;
  const logEvery = budget > 0 ? Math.max(1, Math.ceil(budget / 10)) : 50;
  const runs = seeds.flatMap((seed) => plan.models.map((planned) => seededModel(planned, seed)));
  const tagOf = (i: number, planned: PlannedModel) =>
    `[${i + 1}/${runs.length}] ${planned.name}${seeds.length > 1 ? ` seed ${planned.config.seed}` : ''}`;
  const run = async (planned: PlannedModel, tag: string): Promise<ModelResult> => {
    log.write(`${tag}: ${planned.description}, ${planned.parameters} parameters\n`);
    const { seed } = planned.config;
    const { model, training } = await trainModel(planned, data, {
      runDirectory: out.modelDirectory(planned.name, seed),
      progress: options.progress ?? 'auto',
      output: log,
      logEvery,
      ...(config.patience === undefined ? {} : { patience: config.patience }),
    });
    let scores: Awaited<ReturnType<typeof testModel>>;
    try {
      log.write(
        `${tag}: testing the ${training.tested.checkpoint} checkpoint (update ${training.tested.step}) on ${test.pairs.length} sentences (greedy, beam ${config.beam})\n`,
      );
      scores = await testModel(
        model,
        data.tokenizers,
        data.validationBatches,
        test,
        config,
        planned.name !== 'none',
      );
    } finally {
      model.dispose();
    }
    const result: ModelResult = {
      format: RESULT_FORMAT,
      version: RESULT_VERSION,
      name: planned.name,
      seed,
      description: planned.description,
      parameters: planned.parameters,
      config: planned.config,
      spec: planned.spec,
      backend: backend.name,
      training,
      ...scores,
      finishedAt: new Date().toISOString(),
    };
    await out.writeResult(result);
    const quality = result.attentionQuality;
    log.write(
      `${tag}: ${training.steps} steps (${training.stopReason}) in ${training.seconds.toFixed(1)} s; valid loss ${result.validation?.loss.toFixed(4) ?? '–'}; BLEU ${result.test.greedy.bleu.toFixed(2)} greedy, ${result.test.beam.bleu.toFixed(2)} beam ${config.beam}${quality ? `; attention entropy ${quality.sharpness.entropy.toFixed(3)}${quality.alignment ? `, AER ${quality.alignment.aer.toFixed(3)}` : ''}` : ''}\n`,
    );
    return result;
  };

  comparison.results = await runEach(runs, { out, log, tagOf, run });

  comparison.summaries = summarizeModels(comparison.results, {
    baseline,
    references: test.pairs.map((pair) => pair.target),
    samples: config.bootstrapSamples,
  });
  await writeJsonAtomically(out.resultsFile, comparison);
  await writeFileAtomically(out.tableFile, resultsMarkdown(comparison));
  await writeReport(out.reportFile, reportInput(comparison));
  log.write(`results: ${out.resultsFile}\nreport:  ${out.reportFile}\n`);
  return comparison;
}

/** Parameter counts within this relative difference are called comparable. */
const COMPARABLE_SIZE = 0.2;

function header(
  comparison: Comparison,
  plan: ModelPlan,
  root: string,
  state: 'new' | 'resumed',
): string {
  const { data, settings, transformerSizing: sizing } = comparison;
  const budget = [
    settings.steps === undefined ? undefined : `${settings.steps} steps`,
    settings.time === undefined ? undefined : `${settings.time} s`,
  ]
    .filter((part) => part !== undefined)
    .join(' or ');
  const seeds = comparison.seeds.seeds;
  const lines = [
    `heed-compare${state === 'resumed' ? ' (resuming)' : ''}`,
    `  backend  ${comparison.backend}`,
    `  seeds    ${seeds.join(', ')} (${seeds.length} run${seeds.length === 1 ? '' : 's'} per model; data and split: ${comparison.seeds.data})`,
    `  data     ${data.source}: ${data.train} train, ${data.valid} valid, ${data.test} test pairs${data.dropped > 0 ? ` (${data.dropped} over ${settings.maxLength} tokens dropped)` : ''}; vocabularies ${data.sourceVocabulary} + ${data.targetVocabulary} (${settings.tokenizer})`,
    `  budget   ${budget} per model, ${settings.batchTokens} tokens per batch${settings.patience === undefined ? '' : `; early stopping after ${settings.patience} validations (every ${settings.evalEvery} updates) without a lower loss, best checkpoint tested`}`,
    `  baseline ${comparison.baseline} (paired bootstrap, ${settings.bootstrapSamples} resamples)`,
    `  out      ${root}`,
    `  models   ${plan.models.length}:`,
    ...plan.models.map(
      (model) =>
        `    ${model.name.padEnd(11)} ${String(model.parameters).padStart(10)}  ${model.description}`,
    ),
    `  transformer d=${sizing.dimension} (${sizing.chosen === 'matched' ? 'sized to' : 'given; compared with'} ${sizing.referenceModel}: ${sizing.parameters} vs ${sizing.referenceParameters} parameters, ${formatPercent(sizing.relativeDifference)})`,
    ...(Math.abs(sizing.relativeDifference) > COMPARABLE_SIZE
      ? [
          `  warning: the Transformer's size is ${formatPercent(sizing.relativeDifference)} off the ${sizing.referenceModel} model's, more than ±${COMPARABLE_SIZE * 100} %${sizing.chosen === 'matched' ? ' (the models are too small for a multiple of the head count to come closer; try fewer --heads or --transformer-layers)' : ''}`,
        ]
      : []),
    '',
  ];
  return lines.join('\n');
}

function formatPercent(relative: number): string {
  const percent = (relative * 100).toFixed(1);
  return `${relative >= 0 ? '+' : ''}${percent} %`;
}
