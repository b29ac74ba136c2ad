import type { Command } from 'commander';
import { RecipeError } from '../errors';
import {
  ARCHITECTURES,
  AUTO_COSINE_WARMUP,
  BACKEND_NAMES,
  CELLS,
  camelCase,
  DEFAULT_CONFIG,
  DEFAULT_DROPOUT,
  DEFAULT_WARMUP,
  LONG_RUN_DROPOUT,
  LONG_RUN_FROM,
  LOSSES,
  PLACEMENTS,
  type RecipeConfig,
  SAMPLED_FROM,
  SCHEDULES,
  TOKENIZER_KINDS,
} from '../recipe-config';
import {
  collect,
  duration,
  finiteNumber,
  integer,
  oneOf,
  positiveInteger,
  updatesOrDuration,
} from './parse';

/** One flag that sets one field of a config (a `RecipeConfig` unless given). */
export interface ConfigOption<Config = RecipeConfig> {
  key: keyof Config & string;
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
  /** Also register `--no-<flag>`, described so, to turn a config file's `true` off. */
  negation?: string;
  /** Shown instead of the default value. */
  defaultText?: string;
}

/** Data flags of `train` (and, in part, `eval`). */
export const DATA_OPTIONS: readonly ConfigOption[] = [
  {
    key: 'data',
    flags: '--data <spec>',
    description:
      'builtin:dates, builtin:en-es-grammar, builtin:phrasebook, or an anki-style TSV file (english<TAB>other)',
  },
  {
    key: 'src',
    flags: '--src <file>',
    description: 'Moses source file (plain or .gz), with --tgt',
  },
  {
    key: 'tgt',
    flags: '--tgt <file>',
    description: 'Moses target file (plain or .gz), with --src',
  },
  {
    key: 'reverse',
    flags: '--reverse',
    description: 'swap the direction (translate target → source)',
    negation: 'keep the direction (overrides a config file)',
  },
  {
    key: 'corpusSize',
    flags: '--corpus-size <n>',
    description: 'pairs generated for a built-in corpus',
    parse: positiveInteger,
    defaultText: 'the corpus size',
  },
];

/** Flags of `train` beyond the data: splits, tokenizers, architecture, training. */
export const TRAIN_OPTIONS: readonly ConfigOption[] = [
  {
    key: 'validSrc',
    flags: '--valid-src <file>',
    description: 'Moses validation source file (replaces the validation share)',
  },
  { key: 'validTgt', flags: '--valid-tgt <file>', description: 'Moses validation target file' },
  {
    key: 'testSrc',
    flags: '--test-src <file>',
    description: 'Moses test source file (replaces the test share; eval scores it)',
  },
  { key: 'testTgt', flags: '--test-tgt <file>', description: 'Moses test target file' },
  {
    key: 'validShare',
    flags: '--valid-share <x>',
    description: 'validation share: a fraction, or a number of pairs when ≥ 1',
    parse: finiteNumber,
  },
  {
    key: 'testShare',
    flags: '--test-share <x>',
    description: 'test share, as --valid-share',
    parse: finiteNumber,
  },
  {
    key: 'maxLength',
    flags: '--max-length <n>',
    description: 'drop training pairs longer than n tokens on either side',
    parse: positiveInteger,
  },
  {
    key: 'lowercase',
    flags: '--lowercase',
    description: 'lowercase text before tokenizing',
    negation: 'keep the case (overrides a config file)',
  },
  {
    key: 'tokenizer',
    flags: '--tokenizer <kind>',
    description: `tokenizer: ${TOKENIZER_KINDS.join('|')}`,
    parse: oneOf(TOKENIZER_KINDS),
  },
  {
    key: 'vocabSize',
    flags: '--vocab-size <n>',
    description: 'vocabulary size per language (BPE: total pieces)',
    parse: positiveInteger,
  },
  {
    key: 'arch',
    flags: '--arch <arch>',
    description: `architecture: ${ARCHITECTURES.join('|')}`,
    parse: oneOf(ARCHITECTURES),
  },
  {
    key: 'cell',
    flags: '--cell <cell>',
    description: `RNN cell: ${CELLS.join('|')}`,
    parse: oneOf(CELLS),
  },
  {
    key: 'layers',
    flags: '--layers <n>',
    description: 'layers in the encoder and in the decoder',
    parse: positiveInteger,
  },
  {
    key: 'bidirectional',
    flags: '--bidirectional',
    description: `bidirectional RNN encoder (default: on for an RNN with additive attention when only --time is given and it is at least ${LONG_RUN_FROM / 60} min)`,
    negation: 'unidirectional RNN encoder (overrides a config file)',
  },
  {
    key: 'attention',
    flags: '--attention <type>',
    description:
      'any registered attention: additive, dot, scaled-dot, general, concat, local-m, local-p, multihead, none, …',
    defaultText: 'additive (rnn), multihead (transformer)',
  },
  {
    key: 'placement',
    flags: '--placement <where>',
    description: `RNN attention placement: ${PLACEMENTS.join('|')}`,
    parse: oneOf(PLACEMENTS),
  },
  { key: 'embed', flags: '--embed <n>', description: 'RNN embedding size', parse: positiveInteger },
  {
    key: 'hidden',
    flags: '--hidden <n>',
    description: 'RNN hidden size per direction; Transformer model width',
    parse: positiveInteger,
  },
  {
    key: 'decoderHidden',
    flags: '--decoder-hidden <n>',
    description: "RNN decoder's hidden size, when it differs from the encoder's",
    parse: positiveInteger,
    defaultText: '--hidden',
  },
  {
    key: 'heads',
    flags: '--heads <n>',
    description: 'attention heads (multihead, Transformer)',
    parse: positiveInteger,
  },
  {
    key: 'dropout',
    flags: '--dropout <p>',
    description: 'dropout rate while training',
    parse: finiteNumber,
    defaultText: `${DEFAULT_DROPOUT}; ${LONG_RUN_DROPOUT} for an RNN with additive attention when only --time is given and it is at least ${LONG_RUN_FROM / 60} min`,
  },
  {
    key: 'window',
    flags: '--window <n>',
    description: 'half-width D of local-m/local-p attention',
    parse: positiveInteger,
  },
  {
    key: 'attentionOptions',
    flags: '--attention-option <key=value>',
    description:
      "an option of the attention type, checked by its schema (repeatable), e.g. 'units=64', 'score=additive'",
    parse: collect,
    defaultText: 'none',
  },
  {
    key: 'feedForward',
    flags: '--feed-forward <n>',
    description: 'Transformer feed-forward size',
    parse: positiveInteger,
    defaultText: '4 × hidden',
  },
  {
    key: 'loss',
    flags: '--loss <loss>',
    description: `loss: ${LOSSES.join('|')} softmax (auto: sampled when the target vocabulary exceeds ${SAMPLED_FROM} × --num-sampled words and there is no label smoothing, else full)`,
    parse: oneOf(LOSSES),
  },
  {
    key: 'numSampled',
    flags: '--num-sampled <n>',
    description: 'sampled softmax: negative classes per batch',
    parse: positiveInteger,
  },
  {
    key: 'labelSmoothing',
    flags: '--label-smoothing <e>',
    description: 'label smoothing of the full loss',
    parse: finiteNumber,
  },
  {
    key: 'batchTokens',
    flags: '--batch-tokens <n>',
    description: 'most tokens per batch, padding included',
    parse: positiveInteger,
  },
  {
    key: 'lr',
    flags: '--lr <rate>',
    description: "Adam's (peak) learning rate",
    parse: finiteNumber,
  },
  {
    key: 'schedule',
    flags: '--schedule <name>',
    description: `learning-rate schedule: ${SCHEDULES.join('|')} (linear and cosine decay to 0 by the end of --steps/--epochs, or of --time when only it is given; auto is cosine when only --time is given and it is at least ${LONG_RUN_FROM / 60} min, else constant)`,
    parse: oneOf(SCHEDULES),
  },
  {
    key: 'warmup',
    flags: '--warmup <steps>',
    description: 'warm-up updates (inverse-sqrt, noam, linear, cosine)',
    parse: positiveInteger,
    defaultText: `${DEFAULT_WARMUP}; ${AUTO_COSINE_WARMUP} for the cosine --schedule auto picks`,
  },
  {
    key: 'epochs',
    flags: '--epochs <n>',
    description: 'passes over the training data',
    parse: positiveInteger,
    defaultText: '10 unless --steps or --time',
  },
  {
    key: 'steps',
    flags: '--steps <n>',
    description: 'updates in total',
    parse: positiveInteger,
    defaultText: 'none',
  },
  {
    key: 'time',
    flags: '--time <duration>',
    description: 'training time: seconds, or 90s, 3m, 1h',
    parse: duration,
    defaultText: 'none',
  },
  {
    key: 'clipNorm',
    flags: '--clip-norm <x>',
    description: 'clip gradients to this global norm (0: off)',
    parse: finiteNumber,
  },
  {
    key: 'averageDecay',
    flags: '--average-decay <d>',
    description:
      'evaluate and save checkpoints with a moving average of the weights whose decay grows to d (0: off)',
    parse: finiteNumber,
  },
  {
    key: 'evalEvery',
    flags: '--eval-every <n|duration>',
    description:
      'evaluate on the validation set every n updates, or after a duration of training (90s, 2m); auto: a fifth of --time, else 500 updates',
    parse: updatesOrDuration,
  },
  {
    key: 'validSample',
    flags: '--valid-sample <n>',
    description:
      'evaluate on a fixed random sample of n validation pairs during training; the whole set once at the end',
    parse: positiveInteger,
    defaultText: 'the whole set',
  },
  {
    key: 'evalSentences',
    flags: '--eval-sentences <n>',
    description: 'validation sentences decoded for BLEU per evaluation',
    parse: positiveInteger,
  },
  {
    key: 'seed',
    flags: '--seed <n>',
    description: 'seed of weights, data order and dropout',
    parse: integer,
  },
];

/** `--backend` and `--threads`, shared by every command that runs a model. */
export const BACKEND_OPTIONS: readonly ConfigOption[] = [
  {
    key: 'backend',
    flags: '--backend <name>',
    description: `TF.js backend: ${BACKEND_NAMES.join('|')}`,
    parse: oneOf(BACKEND_NAMES),
  },
  {
    key: 'threads',
    flags: '--threads <n>',
    description: 'wasm threads (1 is often faster on a busy machine)',
    parse: positiveInteger,
    defaultText: 'every core',
  },
];

/**
 * Registers config options on a command, with the defaults in their help text
 * (from `defaults`, the recipe's `DEFAULT_CONFIG` unless given) and no commander defaults.
 */
export function addConfigOptions<Config = RecipeConfig>(
  command: Command,
  options: readonly ConfigOption<Config>[],
  defaults: Readonly<Partial<Config>> = DEFAULT_CONFIG as unknown as Partial<Config>,
): Command {
  for (const option of options) {
    const fallback = option.defaultText ?? defaults[option.key];
    const shown = Array.isArray(fallback) ? fallback.join(',') : fallback;
    const description =
      shown === undefined || typeof shown === 'boolean'
        ? option.description
        : `${option.description} (default: ${shown})`;
    if (option.parse) command.option(option.flags, description, option.parse);
    else command.option(option.flags, description);
    if (option.negation) command.option(`--no-${option.flags.slice(2)}`, option.negation);
  }
  return command;
}

/** The config fields set on the command line (undefined for everything left out). */
export function configFromFlags<Config = RecipeConfig>(
  values: Record<string, unknown>,
  options: readonly ConfigOption<Config>[],
): Partial<Config> {
  const config: Record<string, unknown> = {};
  for (const option of options) {
    // Commander names the value after the flag (`--attention-option` → `attentionOption`).
    const value = values[camelCase(option.flags.split(' ')[0] as string)];
    if (value !== undefined) config[option.key] = value;
  }
  return config as Partial<Config>;
}

/** The flag of recipe field `key` (as `heed-nmt train` has it), for a tool that shares the field and its meaning. */
export function recipeOption(key: keyof RecipeConfig): ConfigOption {
  const option = [...DATA_OPTIONS, ...TRAIN_OPTIONS, ...BACKEND_OPTIONS].find(
    (candidate) => candidate.key === key,
  );
  if (!option) throw new RecipeError(`recipeOption: no flag sets config field '${key}'`);
  return option;
}
