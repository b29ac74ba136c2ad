import { DEFAULT_CONFIG } from '@heed/recipe';
import {
  addConfigOptions as addRecipeOptions,
  type ConfigOption,
  finiteNumber,
  nonNegativeInteger,
  positiveInteger,
  configFromFlags as recipeConfigFromFlags,
  recipeOption,
} from '@heed/recipe/cli';
import type { Command } from 'commander';
import { COMPARE_DEFAULTS, type CompareConfig, type SharedKey } from '../config/compare-config';
import { DEFAULT_PRESET, PRESETS } from '../config/presets';
import { integerList } from './integer-list';

/**
 * `heed-nmt train`'s flag for a shared field, with the same name and meaning;
 * `changes` words it for a comparison (its default is the preset's, not the recipe's).
 */
function shared(key: SharedKey, changes: Partial<ConfigOption<CompareConfig>> = {}) {
  const { defaultText: _recipeDefault, ...option } = recipeOption(key);
  return { ...option, ...changes } as ConfigOption<CompareConfig>;
}

/** Every config flag, grouped as the help shows them. */
export const CONFIG_OPTIONS: readonly ConfigOption<CompareConfig>[] = [
  // Data.
  shared('data'),
  shared('src'),
  shared('tgt'),
  shared('validSrc'),
  shared('validTgt'),
  shared('reverse', { negation: 'keep the direction' }),
  shared('corpusSize'),
  shared('validShare'),
  shared('testShare'),
  shared('maxLength', {
    description: 'drop training pairs longer than n tokens (the test set keeps every length)',
  }),
  shared('lowercase', { negation: 'keep the case' }),
  shared('tokenizer'),
  shared('vocabSize'),
  // RNN (every attention variant).
  shared('cell'),
  shared('layers', { description: 'RNN layers in the encoder and in the decoder' }),
  shared('bidirectional', {
    description: 'bidirectional RNN encoder (dot attention then needs equal sizes and fails)',
    negation: 'unidirectional RNN encoder',
  }),
  shared('placement'),
  shared('embed'),
  shared('hidden', { description: 'RNN hidden size' }),
  shared('heads', { description: 'heads of multihead attention and of the Transformer' }),
  shared('window'),
  shared('dropout', { description: 'dropout rate' }),
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
  shared('batchTokens'),
  shared('lr'),
  shared('schedule'),
  shared('warmup'),
  shared('clipNorm'),
  shared('steps', {
    description: 'updates per model (replaces the preset budget)',
    defaultText: 'the preset',
  }),
  shared('time', {
    description: 'training time per model: seconds, or 90s, 3m, 1h (replaces the preset budget)',
    defaultText: 'none',
  }),
  shared('evalEvery', {
    description: 'validation loss every n updates (the curves and early stopping)',
  }),
  {
    key: 'patience',
    flags: '--patience <n>',
    description:
      'early stopping: stop a model after n validation evaluations without a lower loss and test its best checkpoint (the budget stays the cap)',
    parse: positiveInteger,
    defaultText: 'none (train the whole budget)',
  },
  shared('seed', {
    description: 'seed of weights, data order and dropout, the same for every model',
  }),
  {
    key: 'seeds',
    flags: '--seeds <n>',
    description: 'train each model n times (seeds seed, seed+1, …) and report mean ± sd',
    parse: positiveInteger,
  },
  shared('backend'),
  shared('threads', { defaultText: 'every core' }),
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
    key: 'bootstrapSamples',
    flags: '--bootstrap-samples <n>',
    description: 'resamples of the paired bootstrap test against the baseline',
    parse: positiveInteger,
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
  return addRecipeOptions<CompareConfig>(command, CONFIG_OPTIONS, {
    ...DEFAULT_CONFIG,
    ...COMPARE_DEFAULTS,
    ...PRESETS[DEFAULT_PRESET].settings,
  });
}

/** The config fields set on the command line. */
export function configFromFlags(values: Record<string, unknown>): Partial<CompareConfig> {
  return recipeConfigFromFlags<CompareConfig>(values, CONFIG_OPTIONS);
}
