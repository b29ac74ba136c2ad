import type { CompareConfig } from './compare-config';

/** A named set of settings; flags given on the command line override it. */
export interface Preset {
  /** What it is for. */
  description: string;
  /** Wall time of all nine models (measured or estimated from measured throughput), for the help and the README. */
  expectedTime: string;
  settings: Partial<CompareConfig>;
}

export const PRESET_NAMES = ['quick', 'full'] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

/** The preset a run without `--preset` uses. */
export const DEFAULT_PRESET: PresetName = 'quick';

/**
 * `quick`: a smoke run of the whole matrix, two seeds, on 2 cores.
 * `full`: every model trained to its plateau (early stopping on the
 * validation loss under an equal cap of updates), three seeds: the Bahdanau
 * et al. (2014) length experiment on
 * `builtin:en-es-grammar` — trained on sentences of up to 30 tokens, tested
 * on all lengths, so the fixed-vector model has to squeeze long sentences
 * through one state while attention models look back at the source. One
 * learning rate for every model: at 0.01 (the quick preset's RNN rate, which
 * learns fastest in its 80 updates) the RNNs settle on a much worse plateau.
 */
export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  quick: {
    description: 'a smoke run of the whole matrix, two seeds, on a small en-es-grammar sample',
    expectedTime: 'about 11 minutes on 2 cores (wasm backend)',
    settings: {
      data: 'builtin:en-es-grammar',
      corpusSize: 5000,
      validShare: 100,
      testShare: 100,
      maxLength: 30,
      tokenizer: 'word',
      vocabSize: 4000,
      embed: 32,
      hidden: 64,
      heads: 4,
      dropout: 0,
      batchTokens: 512,
      lr: 0.01,
      transformerLr: 0.003,
      steps: 80,
      evalEvery: 40,
      seeds: 2,
      buckets: [10, 20, 30],
      heatmapSentences: 2,
    },
  },
  full: {
    description:
      'every model to its plateau (early stopping, ≤ 3000 updates each), three seeds; BLEU by sentence length (Bahdanau et al. 2014, Fig. 2): train on sentences of up to 30 tokens, test on all lengths',
    expectedTime:
      'about 2 h 45 min in one process (wasm backend, one thread); about 1 h 20 min on 2 cores as two halves of --models side by side (from a measured seed)',
    settings: {
      data: 'builtin:en-es-grammar',
      corpusSize: 20000,
      validShare: 200,
      testShare: 300,
      maxLength: 30,
      tokenizer: 'word',
      vocabSize: 4000,
      embed: 64,
      hidden: 128,
      heads: 4,
      dropout: 0,
      batchTokens: 512,
      lr: 0.003,
      steps: 3000,
      evalEvery: 100,
      patience: 5,
      seeds: 3,
      buckets: [10, 20, 30, 40, 50],
      heatmapSentences: 3,
    },
  },
};
