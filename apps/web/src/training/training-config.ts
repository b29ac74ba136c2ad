import { HeedError } from '@heed/core';
import type { PageBackend } from '../backends';

/** The built-in corpora the page trains on. */
export const PAGE_CORPORA = ['dates', 'en-es-grammar'] as const;

/** What one training run in the page is. */
export interface TrainingConfig {
  /** `dates` (characters, → ISO dates) or `en-es-grammar` (words, English → Spanish). */
  corpus: (typeof PAGE_CORPORA)[number];
  /** Pairs generated from the corpus (5% held out for validation). */
  corpusSize: number;
  arch: 'rnn' | 'transformer';
  /** Any type `attentionTypes()` lists: RNN attention, or Transformer cross-attention. */
  attention: string;
  /** RNN hidden size; Transformer model width. */
  hidden: number;
  /** RNN embedding size (the Transformer embeds to `hidden`). */
  embed: number;
  /** Layers in the encoder and in the decoder. */
  layers: number;
  /** Heads of multihead attention and of the Transformer. */
  heads: number;
  /** Updates to train for. */
  steps: number;
  /** Most tokens per batch, padding included. */
  batchTokens: number;
  learningRate: number;
  /** Evaluate validation loss and BLEU every this many updates. */
  evaluateEvery: number;
  /** Redraw the heat map of the fixed validation sentence every this many updates. */
  heatmapEvery: number;
  /** Seeds weights, data order and the corpus split. */
  seed: number;
  backend: PageBackend;
}

/** What the Train view starts with: a run that shows the dates alignment forming within a minute. */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = {
  corpus: 'dates',
  corpusSize: 3000,
  arch: 'rnn',
  attention: 'additive',
  hidden: 64,
  embed: 24,
  layers: 1,
  heads: 4,
  steps: 600,
  batchTokens: 768,
  learningRate: 0.004,
  evaluateEvery: 100,
  heatmapEvery: 10,
  seed: 0,
  backend: 'auto',
};

const POSITIVE_INTEGERS = [
  'corpusSize',
  'hidden',
  'embed',
  'layers',
  'heads',
  'steps',
  'batchTokens',
  'evaluateEvery',
  'heatmapEvery',
] as const;

/** Checks a config that came from a form, naming the field and value that are wrong. */
export function validateTrainingConfig(config: TrainingConfig): TrainingConfig {
  for (const field of POSITIVE_INTEGERS) {
    const value = config[field];
    if (!Number.isInteger(value) || value <= 0) {
      throw new HeedError(
        `TrainingConfig: ${field} must be a positive integer. Received: ${field}=${value}`,
      );
    }
  }
  if (!(config.learningRate > 0)) {
    throw new HeedError(
      `TrainingConfig: learningRate must be positive. Received: learningRate=${config.learningRate}`,
    );
  }
  if (config.arch === 'transformer' && config.hidden % config.heads !== 0) {
    throw new HeedError(
      `TrainingConfig: hidden must be a multiple of heads for the Transformer. Received: hidden=${config.hidden}, heads=${config.heads}`,
    );
  }
  return config;
}
