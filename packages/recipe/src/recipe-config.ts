import { BACKEND_NAMES, type BackendName } from '@heed/core';
import { DEFAULT_AVERAGE_DECAY, SCHEDULE_TYPES } from '@heed/train';

/**
 * The flat configuration of a training run (a recipe): every flag of `heed-nmt train`
 * has a field here (camelCase of the flag: `--batch-tokens` → `batchTokens`),
 * and a JSON config file holds the same fields.
 */
export interface RecipeConfig {
  // Data.
  /** `builtin:dates`, `builtin:en-es-grammar`, `builtin:phrasebook`, or an anki-style TSV file. */
  data?: string;
  /** Moses source file (plain or `.gz`), with `tgt`; instead of `data`. */
  src?: string;
  /** Moses target file (plain or `.gz`), with `src`. */
  tgt?: string;
  /** Moses validation files; when given, no validation share is cut from the training data. */
  validSrc?: string;
  validTgt?: string;
  /** Moses test files; when given, no test share is cut from the training data. */
  testSrc?: string;
  testTgt?: string;
  /** Translate target → source. Defaults to false. */
  reverse: boolean;
  /** Pairs generated for a built-in corpus. Defaults to the corpus's own size. */
  corpusSize?: number;
  /** Validation share: a fraction in [0, 1) or, when ≥ 1, a number of pairs. Defaults to 0.05. */
  validShare: number;
  /** Test share, as `validShare`. Defaults to 0.05. */
  testShare: number;
  /** Training pairs with more tokens than this on either side (EOS included) are dropped. Defaults to 100. */
  maxLength: number;
  /** Lowercase text before tokenizing. Defaults to false. */
  lowercase: boolean;

  // Tokenizers (one for each language).
  /** Defaults to `'word'`. */
  tokenizer: 'word' | 'char' | 'bpe';
  /** Most tokens per vocabulary, special tokens included (BPE: its total size). Defaults to 8000. */
  vocabSize: number;

  // Architecture.
  /** Defaults to `'rnn'`. */
  arch: 'rnn' | 'transformer';
  /** RNN cell. Defaults to `'gru'`. */
  cell: 'gru' | 'lstm';
  /** RNN: stacked layers in encoder and decoder; Transformer: encoder and decoder layers. Defaults to 1. */
  layers: number;
  /**
   * RNN: bidirectional encoder. Defaults to true for a long run of an RNN
   * with additive attention (`isLongRun`), false otherwise.
   */
  bidirectional?: boolean;
  /**
   * Any registered attention type. Defaults to `'additive'` for the RNN and
   * `'multihead'` (the Transformer's cross-attention) for the Transformer.
   */
  attention?: string;
  /** RNN: where attention sits in the decoder. Defaults to `'bahdanau'`. */
  placement: 'bahdanau' | 'luong';
  /** RNN: embedding size (the Transformer embeds to `hidden`). Defaults to 128. */
  embed: number;
  /** RNN: hidden size per direction; Transformer: model width d. Defaults to 256. */
  hidden: number;
  /** RNN: the decoder's hidden size, when it differs from the encoder's. Defaults to `hidden`. */
  decoderHidden?: number;
  /** Attention heads (multihead attention, Transformer). Defaults to 4. */
  heads: number;
  /**
   * Dropout while training. Defaults to `LONG_RUN_DROPOUT` for a long run of
   * an RNN with additive attention (`isLongRun`), `DEFAULT_DROPOUT` otherwise.
   */
  dropout?: number;
  /** Half-width D of local-m/local-p attention windows. Defaults to 10. */
  window: number;
  /**
   * Options of the attention type (besides `heads` and `window`, which it
   * takes where its schema has them), checked by that schema: an object in a
   * config file, `--attention-option key=value` (repeatable) on the command
   * line. Defaults to none.
   */
  attentionOptions: Readonly<Record<string, unknown>>;
  /** Transformer: inner size of the feed-forward layers. Defaults to 4·hidden. */
  feedForward?: number;

  // Training.
  /**
   * `full` softmax, `sampled` softmax (training only: validation and test
   * always use the full softmax), or `auto`: sampled when the target
   * vocabulary has more than `SAMPLED_FROM` × `numSampled` words and no label
   * smoothing is asked for, full otherwise. Defaults to `'auto'`.
   */
  loss: (typeof LOSSES)[number];
  /** Sampled softmax: negative classes per batch. Defaults to 512. */
  numSampled: number;
  /** Label smoothing ε of the full loss. Defaults to 0. */
  labelSmoothing: number;
  /** Most tokens per batch, padding included. Defaults to 2048. */
  batchTokens: number;
  /** Adam's (peak) learning rate. Defaults to 0.003. */
  lr: number;
  /**
   * `auto`, `constant`, `inverse-sqrt`, `noam`, `linear`, `cosine` or
   * `plateau`. `linear` and `cosine` decay to 0 by the end of
   * `steps`/`epochs`, or of `time` when only a time limit is given. `auto`
   * is `cosine` over `time` with `AUTO_COSINE_WARMUP` warm-up updates for a
   * long run (`isLongRun`), and `constant` otherwise. Defaults to `'auto'`.
   */
  schedule: (typeof SCHEDULES)[number];
  /**
   * Warm-up updates of `inverse-sqrt`, `noam`, `linear` and `cosine`.
   * Defaults to 1000, or `AUTO_COSINE_WARMUP` for the cosine `schedule:
   * 'auto'` picks.
   */
  warmup?: number;
  /** Passes over the training data. Defaults to 10 when neither `steps` nor `time` is given. */
  epochs?: number;
  /** Updates in total. */
  steps?: number;
  /** Training time in seconds (flags also take `90s`, `3m`, `1h`). */
  time?: number;
  /** Clip gradients to this global norm; 0 turns clipping off. Defaults to 1. */
  clipNorm: number;
  /**
   * The largest decay of the moving average of the weights (`@heed/train`'s
   * `WeightAverage`) that evaluations and checkpoints use; 0 turns averaging
   * off. Defaults to 0.999 (`DEFAULT_AVERAGE_DECAY`).
   */
  averageDecay: number;
  /**
   * Evaluate on the validation set (and save `best/`) every this many
   * updates, or, given as a duration (`'90s'`, `'2m'`, `'1h'`), after that
   * much training time since the last evaluation, or `'auto'`: a fifth of
   * `time` in a time-limited run, 500 updates otherwise. Defaults to `'auto'`.
   */
  evalEvery: number | string;
  /**
   * Validation pairs the evaluations during training use (a fixed random
   * sample, drawn with `seed`); the whole validation set is evaluated once
   * at the end. Defaults to the whole set.
   */
  validSample?: number;
  /** Validation sentences decoded for BLEU at each evaluation. Defaults to 100. */
  evalSentences: number;
  /** Seeds weights, data order, splits and dropout. Defaults to 0. */
  seed: number;
  /** `auto`, `wasm`, `cpu`, `tensorflow` or `tensorflow-gpu`. Defaults to `'auto'`. */
  backend: BackendName;
  /** wasm threads. Defaults to every core (1 is often faster on a busy machine). */
  threads?: number;
}

/** TF.js backends `--backend` accepts: `@heed/core`'s. */
export { BACKEND_NAMES, type BackendName };

export const TOKENIZER_KINDS = ['word', 'char', 'bpe'] as const;
export const ARCHITECTURES = ['rnn', 'transformer'] as const;
export const CELLS = ['gru', 'lstm'] as const;
export const PLACEMENTS = ['bahdanau', 'luong'] as const;
export const LOSSES = ['auto', 'full', 'sampled'] as const;
/** `loss: 'auto'` samples when the target vocabulary exceeds this many times `numSampled`. */
export const SAMPLED_FROM = 4;
/** `auto` and the learning-rate schedules `@heed/train` has. */
export const SCHEDULES = ['auto', ...SCHEDULE_TYPES] as const;
/** Warm-up updates of a schedule given no `warmup`. */
export const DEFAULT_WARMUP = 1000;
/**
 * A run limited only by `time`, and by at least this many seconds, is long:
 * `schedule: 'auto'` decays it with `cosine`, and an RNN with additive
 * attention trains it with a bidirectional encoder and `LONG_RUN_DROPOUT`.
 */
export const LONG_RUN_FROM = 3600;
/** Warm-up updates of the cosine `schedule: 'auto'` picks, when `warmup` is not given. */
export const AUTO_COSINE_WARMUP = 100;
/** Dropout of a run that gives none and is not long. */
export const DEFAULT_DROPOUT = 0.1;
/** Dropout of a long run of an RNN with additive attention that gives none. */
export const LONG_RUN_DROPOUT = 0.3;

/**
 * Every fixed default of `RecipeConfig`. Defaults that depend on the rest of
 * the config (`attention`, `bidirectional`, `dropout`, `decoderHidden`,
 * `feedForward`, `warmup`) are read where they are used.
 */
export const DEFAULT_CONFIG: Readonly<RecipeConfig> = Object.freeze({
  reverse: false,
  validShare: 0.05,
  testShare: 0.05,
  maxLength: 100,
  lowercase: false,
  tokenizer: 'word',
  vocabSize: 8000,
  arch: 'rnn',
  cell: 'gru',
  layers: 1,
  placement: 'bahdanau',
  embed: 128,
  hidden: 256,
  heads: 4,
  window: 10,
  attentionOptions: {},
  loss: 'auto',
  numSampled: 512,
  labelSmoothing: 0,
  batchTokens: 2048,
  lr: 0.003,
  schedule: 'auto',
  clipNorm: 1,
  averageDecay: DEFAULT_AVERAGE_DECAY,
  evalEvery: 'auto',
  evalSentences: 100,
  seed: 0,
  backend: 'auto',
});

/** Every field name of `RecipeConfig`, in the order the help and `info` show them. */
export const CONFIG_KEYS: readonly (keyof RecipeConfig)[] = [
  'data',
  'src',
  'tgt',
  'validSrc',
  'validTgt',
  'testSrc',
  'testTgt',
  'reverse',
  'corpusSize',
  'validShare',
  'testShare',
  'maxLength',
  'lowercase',
  'tokenizer',
  'vocabSize',
  'arch',
  'cell',
  'layers',
  'bidirectional',
  'attention',
  'placement',
  'embed',
  'hidden',
  'decoderHidden',
  'heads',
  'dropout',
  'window',
  'attentionOptions',
  'feedForward',
  'loss',
  'numSampled',
  'labelSmoothing',
  'batchTokens',
  'lr',
  'schedule',
  'warmup',
  'epochs',
  'steps',
  'time',
  'clipNorm',
  'averageDecay',
  'evalEvery',
  'validSample',
  'evalSentences',
  'seed',
  'backend',
  'threads',
];

/** The config fields that decide the model's shape: a checkpoint only loads into the same ones. */
export const ARCHITECTURE_KEYS: readonly (keyof RecipeConfig)[] = [
  'tokenizer',
  'vocabSize',
  'lowercase',
  'arch',
  'cell',
  'layers',
  'bidirectional',
  'attention',
  'placement',
  'embed',
  'hidden',
  'decoderHidden',
  'heads',
  'window',
  'feedForward',
];

/** The attention type a config resolves to (its own, else the architecture's default). */
export function attentionOf(config: Pick<RecipeConfig, 'arch' | 'attention'>): string {
  return config.attention ?? (config.arch === 'transformer' ? 'multihead' : 'additive');
}

/** `--batch-tokens` → `batchTokens`. */
export function camelCase(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** `batchTokens` → `--batch-tokens`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
