import { existsSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HeedError } from '@heed/core';
import {
  type ModelSpec,
  modelFromSpec,
  specOf,
  type TokenizerPair,
  type TranslationModel,
  tokenizersFromJSON,
} from '@heed/models';
import {
  attentionOf,
  CONFIG_KEYS,
  createModel,
  describeDataSource,
  describeDropped,
  describeOov,
  dropoutRate,
  encoderIsBidirectional,
  evaluationInterval,
  learningRateSchedule,
  OOV_WARNING_SHARE,
  type PreparedData,
  type RecipeConfig,
  resolveConfig,
  trainerOptions,
  trainingLoss,
} from '@heed/recipe';
import {
  addConfigOptions,
  BACKEND_OPTIONS,
  configFromFlags,
  DATA_OPTIONS,
  nonNegativeNumber,
  TRAIN_OPTIONS,
} from '@heed/recipe/cli';
import {
  assertCompatibleConfig,
  assertFreshRunDirectory,
  describeHolder,
  prepareData,
  RUN_LOCK_FILE,
  RunLock,
  readCheckpointConfig,
  readConfigFile,
  recoverRunDirectory,
  selectBackend,
} from '@heed/recipe/node';
import { evaluateModel, type FitResult, Trainer } from '@heed/train';
import { InterruptedError, SignalRecorder } from '@heed/train/node';
import { type Command, Option } from 'commander';
import { type CommandOutput, fixed } from '../cli/output';
import { printRunHeader } from '../cli/run-header';
import { NmtError } from '../errors';

const OPTIONS = [...DATA_OPTIONS, ...TRAIN_OPTIONS, ...BACKEND_OPTIONS];

interface TrainFlags extends Record<string, unknown> {
  config?: string;
  out?: string;
  resume?: boolean;
  progress?: 'auto' | 'bar' | 'lines' | 'none';
  progressSeconds?: number;
}

/** `heed-nmt train`: data, architecture and training flags → a run directory with checkpoints. */
export function registerTrain(program: Command, output: CommandOutput): void {
  const command = program
    .command('train')
    .summary('train a translation model; writes a run directory with checkpoints')
    .description(
      'Train a translation model. Every architecture and training choice is a flag and can also come from a JSON config file (--config); flags override the file. The run directory (--out) receives metrics.jsonl, last/ (the latest checkpoint) and best/ (the best by validation loss).',
    )
    .option(
      '--config <file>',
      'JSON config file with the same fields as the flags (camelCase: "batchTokens")',
    )
    .option('-o, --out <dir>', 'run directory (default: runs/<data>-<arch>-<attention>-<time>)')
    .option('--resume', 'continue the run in --out from its last/ checkpoint')
    .addOption(
      new Option('--progress <mode>', 'progress display').choices(['auto', 'bar', 'lines', 'none']),
    )
    .option(
      '--progress-seconds <s>',
      'without a terminal, also print a progress line when s seconds have passed since the last (every 100 updates otherwise); 0 turns it off (default: 30)',
      nonNegativeNumber,
    );
  addConfigOptions(command, OPTIONS);
  command.addHelpText(
    'after',
    `
Examples:
  heed-nmt train --data builtin:dates --tokenizer char --time 2m --out runs/dates
  heed-nmt train --data spa.txt --arch transformer --layers 3 --hidden 256 --epochs 20
  heed-nmt train --src train.de.gz --tgt train.en.gz --valid-src val.de.gz --valid-tgt val.en.gz --bidirectional
  heed-nmt train --config experiment.json --attention local-p --out runs/local-p
  heed-nmt train --out runs/dates --resume --steps 4000`,
  );
  command.action(async (flags: TrainFlags) => {
    await train(flags, output);
  });
}

/** A run directory held by this process, and what a resumed run brings from its last/ checkpoint. */
interface OpenedRun {
  runDirectory: string;
  lock: RunLock;
  config: RecipeConfig;
  tokenizers?: TokenizerPair;
  storedSpec?: ModelSpec;
}

async function train(flags: TrainFlags, output: CommandOutput): Promise<void> {
  const run = await openRun(flags, output);
  try {
    await trainRun(run, flags, output);
  } finally {
    await run.lock.release();
  }
}

/**
 * Resolves the config and takes the run directory for this process (its
 * `run.lock`): a fresh one must hold no earlier run; a resumed one is locked
 * before an interrupted save is repaired, so a second process never touches
 * the saves of one still training there.
 */
async function openRun(flags: TrainFlags, output: CommandOutput): Promise<OpenedRun> {
  const flagConfig = configFromFlags(flags, OPTIONS);
  const fileConfig = withoutReplacedData(
    flags.config ? await readConfigFile(flags.config) : {},
    flagConfig,
  );
  if (!flags.resume) {
    const config = withAbsolutePaths(resolveConfig(fileConfig, flagConfig));
    const runDirectory = resolve(flags.out ?? defaultRunDirectory(config));
    const shown = flags.out ?? runDirectory;
    assertFreshRunDirectory(runDirectory, shown);
    const lock = await lockRun(runDirectory, shown, output);
    return { runDirectory, lock, config };
  }
  if (!flags.out) throw new NmtError('--resume needs --out <run directory> to continue');
  const runDirectory = resolve(flags.out);
  const last = join(runDirectory, 'last');
  const lock = await lockRun(runDirectory, flags.out, output);
  try {
    for (const note of await recoverRunDirectory(runDirectory)) {
      output.stderr.write(`${flags.out}: ${note}\n`);
    }
    if (!existsSync(join(last, 'config.json'))) {
      throw new NmtError(`${flags.out}: nothing to resume (no last/ checkpoint)`);
    }
    const stored = await readCheckpointConfig(last);
    assertCompatibleConfig(stored.model.config, { ...fileConfig, ...flagConfig }, flags.out);
    return {
      runDirectory,
      lock,
      config: resolveConfig({ ...stored.model.config }, fileConfig, flagConfig),
      tokenizers: tokenizersFromJSON(stored.vocab),
      storedSpec: stored.model.spec,
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Takes the run directory, saying so when a dead process's lock is replaced. */
async function lockRun(
  runDirectory: string,
  shown: string,
  output: CommandOutput,
): Promise<RunLock> {
  const lock = await RunLock.acquire(runDirectory, 'heed-nmt train', shown);
  if (lock.replaced) {
    output.stderr.write(
      `${shown}: took over ${RUN_LOCK_FILE} from ${describeHolder(lock.replaced)}, which is gone\n`,
    );
  }
  return lock;
}

async function trainRun(run: OpenedRun, flags: TrainFlags, output: CommandOutput): Promise<void> {
  const { runDirectory, config, tokenizers, storedSpec } = run;
  const data = await prepareData(config, tokenizers ? { tokenizers } : {});
  const backend = await selectBackend(config.backend, config.threads);
  printRunHeader(output, {
    command: flags.resume ? 'train (resume)' : 'train',
    backend: backend.description,
    seed: config.seed,
    config: {
      ...orderedConfig(config),
      bidirectional: encoderIsBidirectional(config),
      attention: attentionOf(config),
      dropout: dropoutRate(config),
      out: runDirectory,
    },
  });
  const { splits } = data;
  output.stderr.write(
    `data: ${describeDataSource(data.source)}: ${splits.train.length} train, ${splits.valid.length} valid, ${splits.test.length} test pairs` +
      `${data.dropped > 0 ? ` (${data.dropped} dropped: ${describeDropped(data.droppedBy, config)})` : ''}; ` +
      `vocabularies ${data.tokenizers.source.vocab.size} source, ${data.tokenizers.target.vocab.size} target (${config.tokenizer})\n` +
      `out of vocabulary in held-out pairs: source ${describeOov(data.oov.source)}; target ${describeOov(data.oov.target)}\n`,
  );
  const { target } = data.oov;
  if (target.unknownTokens > OOV_WARNING_SHARE * target.tokens) {
    output.stderr.write(
      `warning: ${describeOov(target)} of the held-out targets are out of vocabulary, which the model can never produce; raise --vocab-size (now ${config.vocabSize}) or use --tokenizer bpe, which splits rare words into known pieces (advised for morphologically rich targets)\n`,
    );
  }
  output.stderr.write(describeAutoChoices(config, data.tokenizers.target.vocab.size));
  const sizes = {
    sourceVocabSize: data.tokenizers.source.vocab.size,
    targetVocabSize: data.tokenizers.target.vocab.size,
  };
  const model: TranslationModel = storedSpec
    ? modelFromSpec(storedSpec)
    : createModel(config, sizes);
  const spec = storedSpec ?? specOf(model);
  const trainer = new Trainer(
    model,
    trainerOptions(config, {
      data,
      spec,
      runDirectory,
      ...(flags.progress ? { progress: flags.progress } : {}),
      ...(flags.progressSeconds === undefined ? {} : { progressSeconds: flags.progressSeconds }),
      output: output.stderr,
    }),
  );
  await logData(runDirectory, data, config);
  const signals = new SignalRecorder();
  try {
    if (flags.resume) await resumeFrom(trainer, join(runDirectory, 'last'));
    const result = await trainer.fit(data.trainingData);
    signals.dispose();
    if (result.stopReason === 'interrupted') {
      const shown = flags.out ?? result.runDirectory;
      throw new InterruptedError(
        signals.signal ?? 'SIGINT',
        `interrupted by ${signals.signal ?? 'SIGINT'} at step ${result.steps}; checkpoint saved in ${result.lastCheckpoint}; continue with: heed-nmt train --out ${shown} --resume`,
      );
    }
    const best = await evaluateLastSteps(trainer, data, result, output);
    const bestText = best
      ? `; best validation ${best.metric} ${fixed(best.value, 4)} at step ${best.step}`
      : '';
    output.stdout.write(
      `trained ${result.steps} steps (${result.stopReason}), last loss ${fixed(result.lastLoss, 4)}${bestText}\n` +
        `run directory: ${result.runDirectory}\n` +
        `checkpoint:    ${best ? trainer.bestCheckpoint : result.lastCheckpoint}\n`,
    );
  } finally {
    signals.dispose();
    trainer.dispose();
    model.dispose();
  }
}

/**
 * Appends a `data` record to the run's metrics.jsonl (next to the trainer's
 * records): the split sizes and the training pairs dropped, by reason.
 */
async function logData(
  runDirectory: string,
  data: PreparedData,
  config: RecipeConfig,
): Promise<void> {
  await mkdir(runDirectory, { recursive: true });
  const record = {
    type: 'data',
    time: new Date().toISOString(),
    source: describeDataSource(data.source),
    train: data.splits.train.length,
    valid: data.splits.valid.length,
    test: data.splits.test.length,
    dropped: data.dropped,
    droppedBy: data.droppedBy,
    maxLength: config.maxLength,
    batchTokens: config.batchTokens,
    oov: data.oov,
  };
  await appendFile(join(runDirectory, 'metrics.jsonl'), `${JSON.stringify(record)}\n`);
}

/** Resumes from the checkpoint `last`; an error names that checkpoint. */
async function resumeFrom(trainer: Trainer, last: string): Promise<void> {
  try {
    await trainer.resume(last);
  } catch (error) {
    if (!HeedError.isInstance(error) || error.message.includes(last)) throw error;
    throw new NmtError(`${last}: cannot resume (${error.message})`, { cause: error });
  }
}

/** A line naming what the `auto` settings chose for this run, or nothing when none is `auto`. */
function describeAutoChoices(config: RecipeConfig, targetVocabSize: number): string {
  const choices: string[] = [];
  if (config.loss === 'auto') {
    const loss = trainingLoss(config, targetVocabSize);
    choices.push(
      loss === 'sampled'
        ? `sampled softmax (${config.numSampled} of ${targetVocabSize} target words) for training`
        : `full softmax (${targetVocabSize} target words)`,
    );
  }
  if (config.schedule === 'auto') {
    const schedule = learningRateSchedule(config);
    choices.push(
      schedule.name === 'cosine'
        ? `cosine learning rate decaying to 0 over --time (${config.time} s) after ${schedule.warmup} warm-up updates`
        : 'constant learning rate',
    );
  }
  if (config.arch === 'rnn' && config.bidirectional === undefined) {
    choices.push(`${encoderIsBidirectional(config) ? 'bidirectional' : 'unidirectional'} encoder`);
  }
  if (config.dropout === undefined) choices.push(`dropout ${dropoutRate(config)}`);
  if (config.evalEvery === 'auto') {
    const every = evaluationInterval(config);
    choices.push(
      `validation every ${'every' in every ? `${every.every} updates` : `${every.everySeconds}s`}`,
    );
  }
  return choices.length === 0 ? '' : `auto: ${choices.join('; ')}\n`;
}

/**
 * The trainer evaluates every `evalEvery` updates; when a run stops (on
 * `--time`, say) after the last evaluation, the final weights are scored on
 * the validation set here and saved as `best/` when they beat it, so `best/`
 * never lags behind better final weights (the evaluation is appended to
 * metrics.jsonl; best/'s own training state still names the trainer's best).
 * With `--valid-sample` the evaluations during training saw a sample, so the
 * final weights are always scored on the whole validation set, logged and
 * printed, and `best/` stays the sample's choice (the two losses are over
 * different pairs).
 */
async function evaluateLastSteps(
  trainer: Trainer,
  data: PreparedData,
  result: FitResult,
  output: CommandOutput,
): Promise<FitResult['best']> {
  const sampled = data.validationSampleBatches !== undefined;
  if (
    data.validationBatches.length === 0 ||
    result.steps === 0 ||
    result.stopReason === 'interrupted' ||
    (!sampled && result.evaluations.at(-1)?.step === result.steps)
  ) {
    return result.best;
  }
  const started = performance.now();
  const { loss, perplexity, tokens } = await trainer.withEvaluatedWeights(() =>
    evaluateModel(trainer.model, data.validationBatches, { decode: false }),
  );
  const improved = !sampled && (result.best === null || loss < result.best.value);
  // Logged like the trainer's own evaluations, so `info` lists it.
  await appendFile(
    join(result.runDirectory, 'metrics.jsonl'),
    `${JSON.stringify({
      type: 'evaluation',
      time: new Date().toISOString(),
      step: result.steps,
      loss,
      perplexity,
      tokens,
      seconds: (performance.now() - started) / 1000,
      improved,
      final: true,
      pairs: data.splits.valid.length,
    })}\n`,
  );
  output.stderr.write(
    `final validation${sampled ? ` (all ${data.splits.valid.length} pairs)` : ''} at step ${result.steps} | loss ${fixed(loss, 4)} | ppl ${fixed(perplexity)}${improved ? ' (best)' : ''}\n`,
  );
  if (!improved) return result.best;
  await trainer.save(trainer.bestCheckpoint);
  return { metric: 'loss', value: loss, step: result.steps };
}

/** The config with its data files made absolute, so eval and heatmap find them from any directory. */
function withAbsolutePaths(config: RecipeConfig): RecipeConfig {
  const absolute = (path: string | undefined) => (path === undefined ? undefined : resolve(path));
  return {
    ...config,
    data: config.data?.startsWith('builtin:') ? config.data : absolute(config.data),
    src: absolute(config.src),
    tgt: absolute(config.tgt),
    validSrc: absolute(config.validSrc),
    validTgt: absolute(config.validTgt),
    testSrc: absolute(config.testSrc),
    testTgt: absolute(config.testTgt),
  };
}

/** A config file's data selection, dropped when the flags select other data (`--src/--tgt` over `data`, and back). */
function withoutReplacedData(
  file: Partial<RecipeConfig>,
  flags: Partial<RecipeConfig>,
): Partial<RecipeConfig> {
  if (flags.src !== undefined || flags.tgt !== undefined) return { ...file, data: undefined };
  if (flags.data !== undefined) return { ...file, src: undefined, tgt: undefined };
  return file;
}

/**
 * The config's fields in `CONFIG_KEYS` order, for the header; a share that
 * files replace (`--valid-src`, `--test-src`) is left out, as it is not used.
 */
function orderedConfig(config: RecipeConfig): Record<string, unknown> {
  const unused = new Set<keyof RecipeConfig>([
    ...(config.validSrc === undefined ? [] : ['validShare' as const]),
    ...(config.testSrc === undefined ? [] : ['testShare' as const]),
  ]);
  return Object.fromEntries(
    CONFIG_KEYS.filter((key) => !unused.has(key)).map((key) => [key, config[key]]),
  );
}

/** `runs/<data>-<arch>-<attention>-<YYYYMMDD-HHMMSS>`. */
function defaultRunDirectory(config: RecipeConfig): string {
  const data = (config.data ?? config.src ?? 'data')
    .replace(/^builtin:/, '')
    .replace(/^.*[\\/]/, '')
    .replace(/\.(gz|txt|tsv)$/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  const time = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return join('runs', `${data}-${config.arch}-${attentionOf(config)}-${time}`);
}
