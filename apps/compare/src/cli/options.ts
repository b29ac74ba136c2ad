import { BACKEND_NAMES, DEFAULT_CONFIG, type NmtConfig } from '@heed/nmt';
import type { Command } from 'commander';
import { COMPARE_DEFAULTS, type CompareConfig } from '../config/compare-config';
import { DEFAULT_PRESET, PRESETS } from '../config/presets';
import {
  duration,
  finiteNumber,
  integer,
  integerList,
  nonNegativeInteger,
  oneOf,
  positiveInteger,
} from './parse';

/** One flag that sets one config field. */
interface ConfigOption {
  key: keyof CompareConfig;
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
  /** Also register `--no-<flag>` to turn a preset's `true` off. */
  negation?: string;
  /** Shown instead of the default value. */
  defaultText?: string;
}

const TOKENIZERS = ['word', 'char', 'bpe'] as const satisfies readonly NmtConfig['tokenizer'][];
const CELLS = ['gru', 'lstm'] as const satisfies readonly NmtConfig['cell'][];
const PLACEMENTS = ['bahdanau', 'luong'] as const satisfies readonly NmtConfig['placement'][];
const SCHEDULES = [
  'constant',
  'inverse-sqrt',
  'noam',
  'linear',
  'plateau',
] as const satisfies readonly NmtConfig['schedule'][];

/** Every config flag, grouped as the help shows them; names and meanings as in `heed-nmt train`. */
export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  // Data.
  {
    key: 'data',
    flags: '--data <spec>',
    description:
      'builtin:dates, builtin:en-es-grammar, builtin:phrasebook, or an anki-style TSV file',
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
    key: 'validSrc',
    flags: '--valid-src <file>',
    description: 'Moses validation source file (replaces the validation share)',
  },
  { key: 'validTgt', flags: '--valid-tgt <file>', description: 'Moses validation target file' },
  {
    key: 'reverse',
    flags: '--reverse',
    description: 'swap the direction (translate target → source)',
    negation: 'keep the direction',
  },
  {
    key: 'corpusSize',
    flags: '--corpus-size <n>',
    description: 'pairs generated for a built-in corpus',
    parse: positiveInteger,
  },
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
    description: 'drop training pairs longer than n tokens (the test set keeps every length)',
    parse: positiveInteger,
  },
  {
    key: 'lowercase',
    flags: '--lowercase',
    description: 'lowercase text before tokenizing',
    negation: 'keep the case',
  },
  {
    key: 'tokenizer',
    flags: '--tokenizer <kind>',
    description: `tokenizer: ${TOKENIZERS.join('|')}`,
    parse: oneOf(TOKENIZERS),
  },
  {
    key: 'vocabSize',
    flags: '--vocab-size <n>',
    description: 'vocabulary size per language (BPE: total pieces)',
    parse: positiveInteger,
  },
  // RNN (every attention variant).
  {
    key: 'cell',
    flags: '--cell <cell>',
    description: `RNN cell: ${CELLS.join('|')}`,
    parse: oneOf(CELLS),
  },
  {
    key: 'layers',
    flags: '--layers <n>',
    description: 'RNN layers in the encoder and in the decoder',
    parse: positiveInteger,
  },
  {
    key: 'bidirectional',
    flags: '--bidirectional',
    description: 'bidirectional RNN encoder (dot attention then needs equal sizes and fails)',
    negation: 'unidirectional RNN encoder',
  },
  {
    key: 'placement',
    flags: '--placement <where>',
    description: `RNN attention placement: ${PLACEMENTS.join('|')}`,
    parse: oneOf(PLACEMENTS),
  },
  { key: 'embed', flags: '--embed <n>', description: 'RNN embedding size', parse: positiveInteger },
  { key: 'hidden', flags: '--hidden <n>', description: 'RNN hidden size', parse: positiveInteger },
  {
    key: 'heads',
    flags: '--heads <n>',
    description: 'heads of multihead attention and of the Transformer',
    parse: positiveInteger,
  },
  {
    key: 'window',
    flags: '--window <n>',
    description: 'half-width D of local-m/local-p attention',
    parse: positiveInteger,
  },
  { key: 'dropout', flags: '--dropout <p>', description: 'dropout rate', parse: finiteNumber },
  // Transformer.
  {
    key: 'transformerLayers',
    flags: '--transformer-layers <n>',
    description: 'Transformer encoder and decoder layers',
    parse: positiveInteger,
  },
  {
    key: 'transformerDim',
    flags: '--transformer-dim <d>',
    description: 'Transformer width',
    parse: positiveInteger,
    defaultText: 'sized to the RNN with additive attention',
  },
  {
    key: 'transformerLr',
    flags: '--transformer-lr <rate>',
    description: "the Transformer's (peak) learning rate",
    parse: finiteNumber,
    defaultText: 'the RNN learning rate (--lr)',
  },
  // Training.
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
    description: `learning-rate schedule: ${SCHEDULES.join('|')}`,
    parse: oneOf(SCHEDULES),
  },
  {
    key: 'warmup',
    flags: '--warmup <steps>',
    description: 'warm-up updates (inverse-sqrt, noam, linear)',
    parse: positiveInteger,
  },
  {
    key: 'clipNorm',
    flags: '--clip-norm <x>',
    description: 'clip gradients to this global norm (0: off)',
    parse: finiteNumber,
  },
  {
    key: 'steps',
    flags: '--steps <n>',
    description: 'updates per model (replaces the preset budget)',
    parse: positiveInteger,
    defaultText: 'the preset',
  },
  {
    key: 'time',
    flags: '--time <duration>',
    description: 'training time per model: seconds, or 90s, 3m, 1h (replaces the preset budget)',
    parse: duration,
    defaultText: 'none',
  },
  {
    key: 'evalEvery',
    flags: '--eval-every <n>',
    description: 'validation loss every n updates (the curves)',
    parse: positiveInteger,
  },
  {
    key: 'seed',
    flags: '--seed <n>',
    description: 'seed of weights, data order and dropout, the same for every model',
    parse: integer,
  },
  {
    key: 'backend',
    flags: '--backend <name>',
    description: `TF.js backend: ${BACKEND_NAMES.join('|')}`,
    parse: oneOf(BACKEND_NAMES),
  },
  // Testing.
  {
    key: 'testSentences',
    flags: '--test-sentences <n>',
    description: 'test sentences scored',
    parse: positiveInteger,
    defaultText: 'the whole test split',
  },
  { key: 'beam', flags: '--beam <k>', description: 'beam width', parse: positiveInteger },
  {
    key: 'lengthPenalty',
    flags: '--length-penalty <alpha>',
    description: 'GNMT length penalty α of beam search',
    parse: finiteNumber,
  },
  {
    key: 'decodeBatch',
    flags: '--decode-batch <n>',
    description: 'sentences decoded at once',
    parse: positiveInteger,
  },
  {
    key: 'buckets',
    flags: '--buckets <edges>',
    description: 'upper edges of the source-length buckets of BLEU by length',
    parse: integerList,
  },
  {
    key: 'heatmapSentences',
    flags: '--heatmap-sentences <n>',
    description: 'test sentences whose attention the report shows for every model',
    parse: nonNegativeInteger,
  },
  {
    key: 'heatmapMaxLength',
    flags: '--heatmap-max-length <n>',
    description: 'longest source picked for a heat map',
    parse: positiveInteger,
  },
];

/**
 * Registers the config flags. The help shows each one's value under the
 * default preset (heed-nmt's default where the preset leaves it).
 */
export function addConfigOptions(command: Command): Command {
  const defaults: Record<string, unknown> = {
    ...DEFAULT_CONFIG,
    ...COMPARE_DEFAULTS,
    ...PRESETS[DEFAULT_PRESET].settings,
  };
  for (const option of CONFIG_OPTIONS) {
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

/** The config fields set on the command line. */
export function configFromFlags(values: Record<string, unknown>): Partial<CompareConfig> {
  const config: Record<string, unknown> = {};
  for (const option of CONFIG_OPTIONS) {
    if (values[option.key] !== undefined) config[option.key] = values[option.key];
  }
  return config as Partial<CompareConfig>;
}
