import { assertPositiveInteger, EOS_ID } from '@heed/core';
import { beamSearch, type EarlyStopping, greedyDecode, sample } from '@heed/decoding';
import type { Tokenizer } from '@heed/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import type { TranslationModel } from './model-spec';
import type { TokenizerPair } from './tokenizer-pair';

/** How sentences are decoded. */
export interface TranslateOptions {
  /** Beam width k; 1 decodes greedily. Defaults to 1. */
  beam?: number;
  /** α of the GNMT length penalty `((5 + |Y|) / 6)^α` (beam search). Defaults to 0.6. */
  lengthPenalty?: number;
  /** Beam search: when a sentence stops (`'bound'`, `'k-finished'`, `'never'`; see `@heed/decoding`). Defaults to `'bound'`. */
  earlyStopping?: EarlyStopping;
  /** Beam search: refill the alive set to k after hypotheses finish (false: they keep their slots). Defaults to true. */
  refill?: boolean;
  /**
   * Beam search: drop alive hypotheses whose log-prob trails their sentence's
   * best by more than this (relative threshold pruning; see `@heed/decoding`).
   * Defaults to Infinity: exact k-best search.
   */
  pruneMargin?: number;
  /** Hypotheses per sentence (at most `beam`, or samples drawn with `sample`). Defaults to 1. */
  nbest?: number;
  /** Sample instead of searching. Defaults to false. */
  sample?: boolean;
  /** Sampling: only among the k most probable tokens; 0 turns it off. Defaults to 0. */
  topK?: number;
  /** Sampling: nucleus probability; 1 turns it off. Defaults to 1. */
  topP?: number;
  /** Sampling temperature. Defaults to 1. */
  temperature?: number;
  /** Sampling seed. Defaults to 0. */
  seed?: number;
  /**
   * Most tokens generated per sentence, EOS included. Defaults to 2·S + 10,
   * S being that sentence's own source length (EOS included), so a sentence
   * gets the same translation whatever it is batched with.
   */
  maxLength?: number;
  /** Return each hypothesis's attention over the source. Defaults to false. */
  attention?: boolean;
  /** Sentences decoded together (sorted by length first). Defaults to 32. */
  batchSize?: number;
}

/** One translation of a sentence. */
export interface TranslationHypothesis {
  /** Detokenized text. */
  text: string;
  /** Generated tokens (no BOS, no EOS). */
  tokens: string[];
  ids: number[];
  /** What hypotheses are ranked by: log-prob / length penalty (beam), else the log-prob. */
  score: number;
  /** log P(tokens, EOS | source). */
  logProb: number;
  /** False when the hypothesis stopped at the length limit. */
  reachedEos: boolean;
  /**
   * `[target step][source token]` attention: one row per generated token plus
   * one for EOS when reached; columns are `sourceTokens` (EOS included).
   */
  attention?: number[][];
}

/** All hypotheses of one source sentence. */
export interface Translation {
  source: string;
  /** The source as the model saw it: its tokens, then `</s>`. */
  sourceTokens: string[];
  /** Best first. */
  hypotheses: TranslationHypothesis[];
}

interface RawHypothesis {
  ids: number[];
  score: number;
  logProb: number;
  reachedEos: boolean;
  attention?: number[][];
}

/**
 * Translates sentences with a model and its tokenizers: greedy (beam 1), beam
 * search with n-best lists, or sampling, in length-sorted batches of at most
 * `batchSize` (without `maxLength`, of sentences of one source length, so each
 * gets its own default limit); results come back in input order, each
 * hypothesis with its score and, with `attention`, its attention weights for a
 * heat map. Decoding reads nothing back inside its time loop beyond what
 * `@heed/decoding` does. Leaves no tensors behind.
 *
 * ```ts
 * const [translation] = await translate(model, tokenizers, ['the cat sleeps'], { beam: 4 });
 * console.log(translation.hypotheses[0].text);
 * ```
 */
export async function translate(
  model: TranslationModel,
  tokenizers: TokenizerPair,
  texts: readonly string[],
  options: TranslateOptions = {},
): Promise<Translation[]> {
  const batchSize = assertPositiveInteger('translate', 'batchSize', options.batchSize ?? 32);
  const encoded = texts.map((text) => tokenizers.source.encode(text, { addEos: true }));
  const order = texts
    .map((_, i) => i)
    .sort((a, b) => (encoded[a]?.length ?? 0) - (encoded[b]?.length ?? 0));
  const results: Translation[] = new Array(texts.length);
  const lengthOf = (index: number) => encoded[index]?.length ?? 0;
  for (let start = 0; start < order.length; ) {
    let end = Math.min(start + batchSize, order.length);
    if (options.maxLength === undefined) {
      const length = lengthOf(order[start] as number);
      const other = order.findIndex((index, at) => at > start && lengthOf(index) !== length);
      if (other >= 0) end = Math.min(end, other);
    }
    const indices = order.slice(start, end);
    start = end;
    const decoded = await decodeBatch(
      model,
      indices.map((i) => encoded[i] as number[]),
      options,
    );
    indices.forEach((index, row) => {
      const ids = encoded[index] as number[];
      results[index] = {
        source: texts[index] as string,
        sourceTokens: tokenStrings(tokenizers.source, ids),
        hypotheses: (decoded[row] ?? []).map((hypothesis) =>
          present(hypothesis, tokenizers.target, ids.length),
        ),
      };
    });
  }
  return results;
}

/** Decodes one batch of encoded sources: `[sentence][rank]` hypotheses. */
async function decodeBatch(
  model: TranslationModel,
  sources: readonly number[][],
  options: TranslateOptions,
): Promise<RawHypothesis[][]> {
  const nbest = assertPositiveInteger('translate', 'nbest', options.nbest ?? 1);
  const beam = assertPositiveInteger('translate', 'beam', options.beam ?? 1);
  const common = {
    returnAttention: options.attention ?? false,
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
  };
  // Sampling draws `nbest` samples per sentence from `nbest` copies of it.
  const copies = options.sample ? nbest : 1;
  const rows = sources.flatMap((ids) => Array.from({ length: copies }, () => ids));
  const width = Math.max(...rows.map((ids) => ids.length));
  const flat = new Int32Array(rows.length * width);
  rows.forEach((ids, row) => {
    flat.set(ids, row * width);
  });
  const source = tf.tensor2d(flat, [rows.length, width], 'int32');
  const lengths = tf.tensor1d(
    rows.map((ids) => ids.length),
    'int32',
  );
  try {
    if (options.sample) {
      const result = await sample(model, source, lengths, {
        ...common,
        topK: options.topK ?? 0,
        topP: options.topP ?? 1,
        temperature: options.temperature ?? 1,
        seed: options.seed ?? 0,
      });
      const hypotheses = result.tokens.map((ids, row) => ({
        ids,
        score: result.scores[row] as number,
        logProb: result.scores[row] as number,
        reachedEos: result.reachedEos[row] as boolean,
        ...(result.attention ? { attention: result.attention[row] } : {}),
      }));
      return sources.map((_, i) =>
        hypotheses.slice(i * copies, (i + 1) * copies).sort((a, b) => b.score - a.score),
      );
    }
    if (beam === 1 && nbest === 1) {
      const result = await greedyDecode(model, source, lengths, common);
      return result.tokens.map((ids, row) => [
        {
          ids,
          score: result.scores[row] as number,
          logProb: result.scores[row] as number,
          reachedEos: result.reachedEos[row] as boolean,
          ...(result.attention ? { attention: result.attention[row] } : {}),
        },
      ]);
    }
    const result = await beamSearch(model, source, lengths, {
      ...common,
      beamSize: Math.max(beam, nbest),
      nBest: nbest,
      lengthPenalty: options.lengthPenalty ?? 0.6,
      earlyStopping: options.earlyStopping ?? 'bound',
      refill: options.refill ?? true,
      pruneMargin: options.pruneMargin ?? Number.POSITIVE_INFINITY,
    });
    return result.hypotheses.map((hypotheses) =>
      hypotheses.map((hypothesis) => ({
        ids: hypothesis.tokens,
        score: hypothesis.score,
        logProb: hypothesis.logProb,
        reachedEos: hypothesis.reachedEos,
        ...(hypothesis.attention ? { attention: hypothesis.attention } : {}),
      })),
    );
  } finally {
    tf.dispose([source, lengths]);
  }
}

function present(
  hypothesis: RawHypothesis,
  target: Tokenizer,
  sourceLength: number,
): TranslationHypothesis {
  return {
    text: target.decode(hypothesis.ids, { skipSpecial: true }),
    tokens: hypothesis.ids.map((id) => target.vocab.token(id)),
    ids: hypothesis.ids,
    score: hypothesis.score,
    logProb: hypothesis.logProb,
    reachedEos: hypothesis.reachedEos,
    ...(hypothesis.attention
      ? { attention: hypothesis.attention.map((row) => row.slice(0, sourceLength)) }
      : {}),
  };
}

/** The vocabulary's token for each id (`</s>` for EOS). */
export function tokenStrings(tokenizer: Tokenizer, ids: readonly number[]): string[] {
  return ids.map((id) => (id === EOS_ID ? '</s>' : tokenizer.vocab.token(id)));
}
