import type { ModelSpec, NmtConfig } from '@heed/nmt';
import type { CurvePoint } from '@heed/viz';
import type { ModelName } from '../models/model-names';

/** How one model trained. */
export interface TrainingSummary {
  /** Updates done. */
  steps: number;
  /** Why training stopped: `max-steps`, `max-seconds`, … */
  stopReason: string;
  /** Wall time of training, periodic validation excluded. */
  seconds: number;
  /** Real target tokens trained on. */
  tokens: number;
  /** `tokens / seconds`. */
  tokensPerSecond: number;
  /** Training loss, averaged over windows of consecutive updates. */
  trainLoss: CurvePoint[];
  /** Validation loss at each periodic evaluation. */
  validLoss: CurvePoint[];
}

/** Test-set scores of one decoding method. */
export interface DecodeScores {
  /** Corpus BLEU (sacreBLEU semantics, 13a). */
  bleu: number;
  /** Corpus chrF2. */
  chrf: number;
  /** Wall time of translating the test set, per sentence. */
  msPerSentence: number;
}

/** BLEU of the test sentences whose source length falls in one bucket. */
export interface BucketScore {
  /** `1–10`, `11–20`, …, `51+`. */
  label: string;
  /** Shortest and longest source length in the bucket (tokens, EOS not counted); `max` null for the last. */
  min: number;
  max: number | null;
  sentences: number;
  /** Null when the bucket holds no sentence. */
  greedyBleu: number | null;
  beamBleu: number | null;
}

/** A model's attention on one test sentence (its greedy translation). */
export interface AttentionMap {
  /** Index of the sentence within the test sentences. */
  sentence: number;
  source: string;
  /** Source tokens with the final `</s>`. */
  sourceTokens: string[];
  /** The generated tokens (with `</s>` when the translation ended). */
  targetTokens: string[];
  /** `[target][source]`, rounded to 4 decimals. */
  weights: number[][];
}

/** Everything measured for one model; written to `results/<name>.json` when it finishes. */
export interface ModelResult {
  format: 'heed-compare';
  version: 1;
  name: ModelName;
  description: string;
  parameters: number;
  /** The heed-nmt config and the package config it was built from. */
  config: NmtConfig;
  spec: ModelSpec;
  /** The TF.js backend it ran on. */
  backend: string;
  training: TrainingSummary;
  /** Final model on the whole validation set (full softmax, no dropout); null without one. */
  validation: { loss: number; perplexity: number; tokens: number } | null;
  test: {
    sentences: number;
    greedy: DecodeScores;
    beam: DecodeScores & { beamSize: number; lengthPenalty: number };
    buckets: BucketScore[];
  };
  /** Empty for `none`, whose decoder reads no attention. */
  attention: AttentionMap[];
  finishedAt: string;
}
