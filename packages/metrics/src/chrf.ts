import { type CorpusMetric, sumRows } from './corpus-metric';
import { MetricsError } from './errors';
import { ngramCounts } from './ngrams';
import { codePoints, splitWhitespace } from './python-text';
import { assertHypotheses, type ReferenceStreams, segmentReferences } from './references';
import { SACREBLEU_VERSION } from './signature';

export interface ChrfOptions {
  /** Character n-gram order. Defaults to 6. */
  charOrder?: number;
  /** Word n-gram order (2 gives chrF++). Defaults to 0. */
  wordOrder?: number;
  /** Weight of recall against precision. Defaults to 2 (chrF2). */
  beta?: number;
  /** Defaults to false. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. Defaults to false (whitespace removed). */
  whitespace?: boolean;
  /**
   * chrF++.py/NLTK/Moses epsilon smoothing instead of sacreBLEU's default
   * effective-order averaging. Defaults to false.
   */
  epsSmoothing?: boolean;
}

export interface ChrfResult {
  /** chrF in [0, 100]. */
  score: number;
  /** `chrF2`, or `chrF2++` with word order 2. */
  name: string;
  charOrder: number;
  wordOrder: number;
  beta: number;
  /** Summed [hypothesis, reference, match] n-gram counts per order (characters, then words). */
  statistics: number[];
  /** e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.x`. */
  signature: string;
}

const KNOWN = ['charOrder', 'wordOrder', 'beta', 'lowercase', 'whitespace', 'epsSmoothing'];
/** Python's `string.punctuation`. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

type Resolved = Required<ChrfOptions>;

function resolve(owner: string, options: ChrfOptions): Resolved {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new MetricsError(
        `${owner}: unknown option '${key}'. Known options: ${KNOWN.join(', ')}`,
      );
    }
  }
  const resolved: Resolved = {
    charOrder: options.charOrder ?? 6,
    wordOrder: options.wordOrder ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    epsSmoothing: options.epsSmoothing ?? false,
  };
  for (const field of ['charOrder', 'wordOrder'] as const) {
    const value = resolved[field];
    if (!Number.isInteger(value) || value < 0) {
      throw new MetricsError(
        `${owner}: ${field} must be a non-negative integer. Received: ${field}=${value}`,
      );
    }
  }
  if (resolved.charOrder + resolved.wordOrder === 0) {
    throw new MetricsError(
      `${owner}: charOrder + wordOrder must be positive. Received: charOrder=0, wordOrder=0`,
    );
  }
  if (!(resolved.beta > 0)) {
    throw new MetricsError(`${owner}: beta must be positive. Received: beta=${resolved.beta}`);
  }
  return resolved;
}

/** chrF+'s word splitting: a leading or trailing ASCII punctuation mark becomes its own word. */
function splitPunctuation(sentence: string): string[] {
  const words: string[] = [];
  for (const word of splitWhitespace(sentence)) {
    const chars = codePoints(word);
    const last = chars[chars.length - 1] as string;
    const first = chars[0] as string;
    if (chars.length === 1) words.push(word);
    else if (PUNCTUATION.has(last)) words.push(chars.slice(0, -1).join(''), last);
    else if (PUNCTUATION.has(first)) words.push(first, chars.slice(1).join(''));
    else words.push(word);
  }
  return words;
}

/** Character n-gram counts for orders 1…charOrder, then word n-gram counts for 1…wordOrder. */
function allNgrams(sentence: string, options: Resolved): Map<string, number>[] {
  const text = options.lowercase ? sentence.toLowerCase() : sentence;
  const chars = codePoints(options.whitespace ? text : splitWhitespace(text).join(''));
  const counts: Map<string, number>[] = [];
  for (let n = 1; n <= options.charOrder; n++) counts.push(ngramCounts(chars, n, ''));
  if (options.wordOrder > 0) {
    const words = splitPunctuation(text);
    for (let n = 1; n <= options.wordOrder; n++) counts.push(ngramCounts(words, n, ' '));
  }
  return counts;
}

/** [hypothesis count (0 when the reference has none), reference count, matches]. */
function matchStatistics(
  hypothesis: Map<string, number>,
  reference: Map<string, number>,
): number[] {
  let matches = 0;
  let hypothesisCount = 0;
  for (const [ngram, count] of hypothesis) {
    hypothesisCount += count;
    const inReference = reference.get(ngram);
    if (inReference !== undefined) matches += Math.min(count, inReference);
  }
  let referenceCount = 0;
  for (const count of reference.values()) referenceCount += count;
  return [reference.size > 0 ? hypothesisCount : 0, referenceCount, matches];
}

/** sacreBLEU's `CHRF._compute_f_score`: the score in [0, 100] from summed statistics. */
export function chrfFromStatistics(
  statistics: readonly number[],
  options: ChrfOptions = {},
): number {
  const resolved = resolve('chrfFromStatistics', options);
  const order = resolved.charOrder + resolved.wordOrder;
  const eps = 1e-16;
  const factor = resolved.beta ** 2;
  let score = 0;
  let effectiveOrder = 0;
  let averagePrecision = 0;
  let averageRecall = 0;
  for (let i = 0; i < order; i++) {
    const hypothesisCount = statistics[3 * i] as number;
    const referenceCount = statistics[3 * i + 1] as number;
    const matches = statistics[3 * i + 2] as number;
    const precision = hypothesisCount > 0 ? matches / hypothesisCount : eps;
    const recall = referenceCount > 0 ? matches / referenceCount : eps;
    const denominator = factor * precision + recall;
    score += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : eps;
    if (hypothesisCount > 0 && referenceCount > 0) {
      averagePrecision += precision;
      averageRecall += recall;
      effectiveOrder += 1;
    }
  }
  if (resolved.epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) {
    averagePrecision = 0;
    averageRecall = 0;
  } else {
    averagePrecision /= effectiveOrder;
    averageRecall /= effectiveOrder;
  }
  if (averagePrecision + averageRecall) {
    const f =
      ((1 + factor) * averagePrecision * averageRecall) /
      (factor * averagePrecision + averageRecall);
    return 100 * f;
  }
  return 0;
}

function chrfSignature(options: Resolved, nrefs: number | 'var'): string {
  return [
    `nrefs:${nrefs}`,
    `case:${options.lowercase ? 'lc' : 'mixed'}`,
    `eff:${options.epsSmoothing ? 'no' : 'yes'}`,
    `nc:${options.charOrder}`,
    `nw:${options.wordOrder}`,
    `space:${options.whitespace ? 'yes' : 'no'}`,
    `version:${SACREBLEU_VERSION}`,
  ].join('|');
}

/** Each segment's statistics: those of its best-scoring reference (the first on ties). */
function corpusStatistics(
  owner: string,
  hypotheses: readonly string[],
  references: ReferenceStreams,
  resolved: Resolved,
): { rows: number[][]; nrefs: number | 'var' } {
  assertHypotheses(owner, hypotheses);
  const { segments, nrefs } = segmentReferences(owner, hypotheses.length, references);
  const rows = hypotheses.map((hypothesis, i) => {
    const hypothesisNgrams = allNgrams(hypothesis, resolved);
    let best: number[] = [];
    let bestScore = -1;
    for (const reference of segments[i] as string[]) {
      const referenceNgrams = allNgrams(reference, resolved);
      const statistics = hypothesisNgrams.flatMap((h, n) =>
        matchStatistics(h, referenceNgrams[n] as Map<string, number>),
      );
      const f = chrfFromStatistics(statistics, resolved);
      if (f > bestScore) {
        bestScore = f;
        best = statistics;
      }
    }
    return best;
  });
  return { rows, nrefs };
}

function score(
  owner: string,
  hypotheses: readonly string[],
  references: ReferenceStreams,
  options: ChrfOptions,
): ChrfResult {
  const resolved = resolve(owner, options);
  const { rows, nrefs } = corpusStatistics(owner, hypotheses, references, resolved);
  const sums = sumRows(rows, 3 * (resolved.charOrder + resolved.wordOrder));
  return {
    score: chrfFromStatistics(sums, resolved),
    name: chrfName(resolved),
    charOrder: resolved.charOrder,
    wordOrder: resolved.wordOrder,
    beta: resolved.beta,
    statistics: sums,
    signature: chrfSignature(resolved, nrefs),
  };
}

/** `chrF2`, or `chrF2++` with word order 2. */
function chrfName(resolved: Resolved): string {
  return `chrF${resolved.beta}${'+'.repeat(resolved.wordOrder)}`;
}

/**
 * Corpus chrF with sacreBLEU's semantics and defaults (chrF2: character
 * order 6, word order 0, beta 2, whitespace removed, effective-order
 * averaging): each segment's best reference statistics are summed over the
 * corpus before the F-score is taken.
 */
export function corpusChrf(
  hypotheses: readonly string[],
  references: ReferenceStreams,
  options: ChrfOptions = {},
): ChrfResult {
  return score('corpusChrf', hypotheses, references, options);
}

/** chrF of one sentence against one or more references. */
export function sentenceChrf(
  hypothesis: string,
  references: string | readonly string[],
  options: ChrfOptions = {},
): ChrfResult {
  if (typeof hypothesis !== 'string') {
    throw new MetricsError(
      `sentenceChrf: hypothesis must be a string. Received: ${typeof hypothesis}`,
    );
  }
  const list = typeof references === 'string' ? [references] : references;
  return score(
    'sentenceChrf',
    [hypothesis],
    list.map((reference) => [reference]),
    options,
  );
}

/**
 * Corpus chrF as a `CorpusMetric` (sacreBLEU's `CHRF()` with these options),
 * for tests that resample segments, such as `pairedBootstrap`: per-segment
 * `[hypothesis, reference, match]` counts per order of the best reference,
 * and the F-score of their column sums.
 */
export function chrfMetric(options: ChrfOptions = {}): CorpusMetric {
  const resolved = resolve('chrfMetric', options);
  return {
    name: chrfName(resolved),
    segmentStatistics: (hypotheses, references) =>
      corpusStatistics('chrfMetric', hypotheses, references, resolved).rows,
    score: (sums) => chrfFromStatistics(sums, resolved),
  };
}
