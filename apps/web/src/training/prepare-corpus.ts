import { bucketBatches, loadBuiltinCorpus, type SentencePair, splitPairs } from '@heed/data';
import type { TokenizerPair } from '@heed/models';
import { CharTokenizer, type Tokenizer, WordTokenizer } from '@heed/tokenizers';
import type { TrainingBatch } from '@heed/train';
import type { TrainingConfig } from './training-config';

/** Corpora are generated and split with this seed, so every run sees the same validation set. */
const DATA_SEED = 0;
/** Validation pairs decoded for BLEU at each evaluation. */
export const BLEU_SENTENCES = 50;

/** A batch as lists of ids (each sentence ending in EOS) with the reference texts. */
export interface PairBatch extends TrainingBatch {
  source: number[][];
  target: number[][];
  references: string[];
}

/** A corpus ready to train on. */
export interface PreparedCorpus {
  tokenizers: TokenizerPair;
  /** Length-bucketed training batches of at most `batchTokens` tokens (one epoch, reshuffled by the trainer). */
  training: PairBatch[];
  /** Validation batches with their reference texts. */
  validation: PairBatch[];
  /** The validation sentence whose heat map the page redraws while training. */
  watched: SentencePair;
}

/** `dates` is learned per character, `en-es-grammar` per word. */
function trainTokenizer(corpus: TrainingConfig['corpus'], texts: string[]): Tokenizer {
  return corpus === 'dates' ? CharTokenizer.train(texts) : WordTokenizer.train(texts);
}

/** Cuts encoded pairs into batches of at most `maxTokens` tokens, similar lengths together. */
function batchPairs(
  pairs: readonly SentencePair[],
  tokenizers: TokenizerPair,
  maxTokens: number,
  seed: number,
): PairBatch[] {
  const source = pairs.map((pair) => tokenizers.source.encode(pair.source, { addEos: true }));
  const target = pairs.map((pair) => tokenizers.target.encode(pair.target, { addEos: true }));
  const lengths = source.map((ids, i) => Math.max(ids.length, target[i]?.length ?? 0));
  const { batches } = bucketBatches(lengths, { maxTokens, seed, oversized: 'skip' });
  return batches.map(({ indices }) => ({
    source: indices.map((i) => source[i] as number[]),
    target: indices.map((i) => target[i] as number[]),
    references: indices.map((i) => pairs[i]?.target as string),
  }));
}

/**
 * Generates the config's built-in corpus, holds 5% out for validation (the
 * same split for every run), trains the tokenizers on the training side and
 * cuts both sides into batches.
 */
export function prepareCorpus(config: TrainingConfig): PreparedCorpus {
  const { pairs } = loadBuiltinCorpus(config.corpus, { size: config.corpusSize, seed: DATA_SEED });
  const { train, valid } = splitPairs(pairs, { valid: 0.05, test: 0, seed: DATA_SEED });
  const tokenizers = {
    source: trainTokenizer(
      config.corpus,
      train.map((pair) => pair.source),
    ),
    target: trainTokenizer(
      config.corpus,
      train.map((pair) => pair.target),
    ),
  };
  const longest = Math.max(
    ...valid.map(
      (pair) =>
        Math.max(
          tokenizers.source.encode(pair.source).length,
          tokenizers.target.encode(pair.target).length,
        ) + 1,
    ),
  );
  return {
    tokenizers,
    training: batchPairs(train, tokenizers, config.batchTokens, config.seed),
    validation: batchPairs(valid, tokenizers, Math.max(config.batchTokens, longest), DATA_SEED),
    watched: valid[0] as SentencePair,
  };
}
