import type { AlignmentScores, AttentionSharpness } from '@heed/metrics';
import type { ModelSpec } from '@heed/models';
import type { RecipeConfig } from '@heed/recipe';
import type { CurvePoint } from '@heed/viz';
import type { ModelName } from '../models/model-names';

/** How one model trained. */
export interface TrainingSummary {
  /** Updates done. */
  steps: number;
  /** Why training stopped: `max-steps`, `max-seconds`, `early-stopping`, … */
  stopReason: string;
  /**
   * The checkpoint that was tested: `best` (lowest validation loss, with
   * early stopping) or `last`; and the update it was saved at.
   */
  tested: { checkpoint: 'best' | 'last'; step: number };
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

/** How the attention of a model looks on the test set (teacher-forced on the references). */
export interface AttentionQuality {
  /** Mean entropy of the weights per target token (see `attentionEntropy` of @heed/metrics). */
  sharpness: AttentionSharpness;
  /**
   * Alignment error rate of the most attended source token per target token
   * against the alignment known by construction (`builtin:dates` with the
   * char tokenizer); null for other data.
   */
  alignment: AlignmentScores | null;
}

/** Everything measured for one model and seed; written to `results/<name>/seed-<s>.json` when it finishes. */
export interface ModelResult {
  format: 'heed-compare';
  version: 2;
  name: ModelName;
  /** Seed of weights, data order and dropout of this run. */
  seed: number;
  description: string;
  parameters: number;
  /** The heed-nmt config and the package config it was built from. */
  config: RecipeConfig;
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
    /** The translations scored, one per test sentence. */
    translations: { greedy: string[]; beam: string[] };
  };
  /** Null for `none`, whose decoder reads no attention. */
  attentionQuality: AttentionQuality | null;
  /** Empty for `none`, whose decoder reads no attention. */
  attention: AttentionMap[];
  finishedAt: string;
}
