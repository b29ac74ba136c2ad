import { DEFAULT_DROPOUT, type RecipeConfig } from '@heed/recipe';

/** The heed-nmt config fields a comparison shares with `heed-nmt train`, under the same names. */
export const SHARED_KEYS = [
  // Data.
  'data',
  'src',
  'tgt',
  'validSrc',
  'validTgt',
  'reverse',
  'corpusSize',
  'validShare',
  'testShare',
  'maxLength',
  'lowercase',
  'tokenizer',
  'vocabSize',
  // RNN architecture (every RNN variant gets the same).
  'cell',
  'layers',
  'bidirectional',
  'placement',
  'embed',
  'hidden',
  'heads',
  'window',
  'dropout',
  // Training.
  'batchTokens',
  'lr',
  'schedule',
  'warmup',
  'clipNorm',
  'steps',
  'time',
  'evalEvery',
  'seed',
  'backend',
  'threads',
] as const satisfies readonly (keyof RecipeConfig)[];

export type SharedKey = (typeof SHARED_KEYS)[number];

/**
 * Everything that decides a comparison's numbers: the data, the tokenizer,
 * the RNN shape every attention variant shares, the Transformer's shape, the
 * training budget per model, and how the test set is decoded and scored.
 * Shared fields mean what they mean for `heed-nmt train`.
 */
export interface CompareConfig extends Pick<RecipeConfig, SharedKey> {
  /** Transformer encoder and decoder layers. Defaults to 2. */
  transformerLayers: number;
  /**
   * Transformer width d. Defaults to the multiple of `heads` that brings its
   * parameter count closest to the RNN with additive attention.
   */
  transformerDim?: number;
  /**
   * Adam's (peak) learning rate for the Transformer, which usually wants a
   * smaller one than an RNN. Defaults to `lr`.
   */
  transformerLr?: number;
  /** Test sentences translated and scored (the first ones of the test split). Defaults to all. */
  testSentences?: number;
  /** Beam width of the beam-search columns. Defaults to 5. */
  beam: number;
  /** α of the GNMT length penalty in beam search. Defaults to 0.6. */
  lengthPenalty: number;
  /** Sentences decoded at once. Defaults to 32. */
  decodeBatch: number;
  /**
   * Upper edges of the source-length buckets (in source tokens, EOS not
   * counted) for BLEU by length; a last bucket takes everything longer.
   * Defaults to `[10, 20, 30, 40, 50]`.
   */
  buckets: number[];
  /** Test sentences whose attention is drawn for every model. Defaults to 3. */
  heatmapSentences: number;
  /** Longest source (in tokens) picked for a heat map. Defaults to 30. */
  heatmapMaxLength: number;
  /**
   * Times each model is trained, with seeds `seed`, `seed + 1`, …; the
   * tables report mean ± standard deviation over them. Defaults to 1.
   */
  seeds: number;
  /**
   * Early stopping: stop a model after this many validation evaluations
   * (every `evalEvery` updates) without a lower validation loss, and test its
   * best checkpoint. The budget (`steps`/`time`) stays the cap for every
   * model. Defaults to none (train the whole budget, test the last model).
   */
  patience?: number;
  /** Resamples of the paired bootstrap test against the baseline. Defaults to 1000 (sacreBLEU's). */
  bootstrapSamples: number;
}

/** The fields only a comparison has. */
export const COMPARE_KEYS = [
  'transformerLayers',
  'transformerDim',
  'transformerLr',
  'testSentences',
  'beam',
  'lengthPenalty',
  'decodeBatch',
  'buckets',
  'heatmapSentences',
  'heatmapMaxLength',
  'seeds',
  'patience',
  'bootstrapSamples',
] as const satisfies readonly (keyof CompareConfig)[];

/** Every field of `CompareConfig`, in the order the help and the report show them. */
export const CONFIG_FIELDS: readonly (keyof CompareConfig)[] = [...SHARED_KEYS, ...COMPARE_KEYS];

/**
 * Defaults of the comparison's own fields, and of the shared fields whose
 * heed-nmt default depends on the run (a long run of an RNN with additive
 * attention gets a bidirectional encoder and more dropout): here every model
 * gets the same, whatever the budget. Other shared fields default as in heed-nmt.
 */
export const COMPARE_DEFAULTS = Object.freeze({
  bidirectional: false,
  dropout: DEFAULT_DROPOUT,
  transformerLayers: 2,
  beam: 5,
  lengthPenalty: 0.6,
  decodeBatch: 32,
  buckets: [10, 20, 30, 40, 50],
  heatmapSentences: 3,
  heatmapMaxLength: 30,
  seeds: 1,
  bootstrapSamples: 1000,
});
