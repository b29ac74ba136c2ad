import { type CorpusMetric, sumRows } from '../corpus-metric';
import { MetricsError } from '../errors';
import { ngramOrder, wordNgramCounts } from '../ngrams';
import { rstrip, splitWhitespace } from '../python-text';
import { assertHypotheses, type ReferenceStreams, segmentReferences } from '../references';
import { SACREBLEU_VERSION } from '../signature';
import { BLEU_TOKENIZERS, type BleuTokenizerName } from '../tokenizers/index';
import { type BleuResult, computeBleu, SMOOTH_DEFAULTS, type SmoothMethod } from './compute-bleu';

export interface BleuOptions {
  /** Lowercase hypotheses and references before tokenizing. Defaults to false. */
  lowercase?: boolean;
  /** sacreBLEU tokenizer. Defaults to '13a'. */
  tokenize?: BleuTokenizerName;
  /** Defaults to 'exp'. */
  smoothMethod?: SmoothMethod;
  /** For 'floor' (default 0.1) and 'add-k' (default 1); ignored otherwise. */
  smoothValue?: number;
  /** Highest n-gram order. Defaults to 4. */
  maxNgramOrder?: number;
  /**
   * Average only the orders the hypotheses reach. Defaults to false for
   * `corpusBleu` and true for `sentenceBleu`, as in sacreBLEU.
   */
  effectiveOrder?: boolean;
}

const KNOWN = [
  'lowercase',
  'tokenize',
  'smoothMethod',
  'smoothValue',
  'maxNgramOrder',
  'effectiveOrder',
];

interface ResolvedOptions {
  lowercase: boolean;
  tokenize: BleuTokenizerName;
  smoothMethod: SmoothMethod;
  smoothValue: number | undefined;
  maxNgramOrder: number;
  effectiveOrder: boolean;
}

function resolve(owner: string, options: BleuOptions, effectiveOrder: boolean): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new MetricsError(
        `${owner}: unknown option '${key}'. Known options: ${KNOWN.join(', ')}`,
      );
    }
  }
  const tokenize = options.tokenize ?? '13a';
  if (!(tokenize in BLEU_TOKENIZERS)) {
    throw new MetricsError(
      `${owner}: tokenize must be one of ${Object.keys(BLEU_TOKENIZERS)
        .map((t) => `'${t}'`)
        .join(', ')}. Received: tokenize='${tokenize}'`,
    );
  }
  const smoothMethod = options.smoothMethod ?? 'exp';
  if (!(smoothMethod in SMOOTH_DEFAULTS)) {
    throw new MetricsError(
      `${owner}: smoothMethod must be one of 'exp', 'floor', 'add-k', 'none'. Received: smoothMethod='${smoothMethod}'`,
    );
  }
  const maxNgramOrder = options.maxNgramOrder ?? 4;
  if (!Number.isInteger(maxNgramOrder) || maxNgramOrder < 1) {
    throw new MetricsError(
      `${owner}: maxNgramOrder must be a positive integer. Received: maxNgramOrder=${maxNgramOrder}`,
    );
  }
  return {
    lowercase: options.lowercase ?? false,
    tokenize,
    smoothMethod,
    smoothValue: options.smoothValue,
    maxNgramOrder,
    effectiveOrder: options.effectiveOrder ?? effectiveOrder,
  };
}

/** sacreBLEU's `BLEUSignature`, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x`. */
export function bleuSignature(options: ResolvedOptions, nrefs: number | 'var'): string {
  let smooth: string = options.smoothMethod;
  const fallback = SMOOTH_DEFAULTS[options.smoothMethod];
  if (fallback !== null) smooth += `[${(options.smoothValue ?? fallback).toFixed(2)}]`;
  return [
    `nrefs:${nrefs}`,
    `case:${options.lowercase ? 'lc' : 'mixed'}`,
    `eff:${options.effectiveOrder ? 'yes' : 'no'}`,
    `tok:${options.tokenize}`,
    `smooth:${smooth}`,
    `version:${SACREBLEU_VERSION}`,
  ].join('|');
}

function preprocess(line: string, options: ResolvedOptions): string[] {
  const text = options.lowercase ? line.toLowerCase() : line;
  return splitWhitespace(BLEU_TOKENIZERS[options.tokenize](rstrip(text)));
}

/** The closest reference length to `hypothesisLength`; ties go to the shorter reference. */
export function closestReferenceLength(
  hypothesisLength: number,
  referenceLengths: readonly number[],
): number {
  let closestDiff = -1;
  let closestLength = -1;
  for (const length of referenceLengths) {
    const diff = Math.abs(hypothesisLength - length);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLength = length;
    } else if (diff === closestDiff && length < closestLength) {
      closestLength = length;
    }
  }
  return closestLength;
}

/**
 * One segment's sufficient statistics in sacreBLEU's layout:
 * `[sysLen, refLen, correct_1…correct_N, total_1…total_N]`.
 */
function segmentStatistics(
  hypothesis: string,
  references: readonly string[],
  options: ResolvedOptions,
): number[] {
  const order = options.maxNgramOrder;
  const row = new Array<number>(2 + 2 * order).fill(0);
  const referenceCounts = new Map<string, number>();
  const referenceLengths: number[] = [];
  for (const reference of references) {
    const tokens = preprocess(reference, options);
    referenceLengths.push(tokens.length);
    for (const [ngram, count] of wordNgramCounts(tokens, order)) {
      referenceCounts.set(ngram, Math.max(referenceCounts.get(ngram) ?? 0, count));
    }
  }
  const tokens = preprocess(hypothesis, options);
  row[0] = tokens.length;
  row[1] = closestReferenceLength(tokens.length, referenceLengths);
  for (const [ngram, count] of wordNgramCounts(tokens, order)) {
    const n = ngramOrder(ngram) - 1;
    row[2 + order + n] = (row[2 + order + n] as number) + count;
    const inReference = referenceCounts.get(ngram);
    if (inReference !== undefined)
      row[2 + n] = (row[2 + n] as number) + Math.min(count, inReference);
  }
  return row;
}

/** Every segment's statistics (see `segmentStatistics`) and the signature's `nrefs`. */
function corpusStatistics(
  owner: string,
  hypotheses: readonly string[],
  references: ReferenceStreams,
  options: ResolvedOptions,
): { rows: number[][]; nrefs: number | 'var' } {
  assertHypotheses(owner, hypotheses);
  const { segments, nrefs } = segmentReferences(owner, hypotheses.length, references);
  const rows = hypotheses.map((hypothesis, i) =>
    segmentStatistics(hypothesis, segments[i] as string[], options),
  );
  return { rows, nrefs };
}

/** BLEU from summed statistics in the `segmentStatistics` layout. */
function scoreFromSums(
  sums: readonly number[],
  options: ResolvedOptions,
): Omit<BleuResult, 'signature'> {
  const order = options.maxNgramOrder;
  return computeBleu(
    {
      sysLen: sums[0] as number,
      refLen: sums[1] as number,
      correct: sums.slice(2, 2 + order),
      total: sums.slice(2 + order, 2 + 2 * order),
    },
    {
      smoothMethod: options.smoothMethod,
      ...(options.smoothValue === undefined ? {} : { smoothValue: options.smoothValue }),
      effectiveOrder: options.effectiveOrder,
      maxNgramOrder: order,
    },
  );
}

function score(
  owner: string,
  hypotheses: readonly string[],
  references: ReferenceStreams,
  options: ResolvedOptions,
): BleuResult {
  const { rows, nrefs } = corpusStatistics(owner, hypotheses, references, options);
  return {
    ...scoreFromSums(sumRows(rows, 2 + 2 * options.maxNgramOrder), options),
    signature: bleuSignature(options, nrefs),
  };
}

/**
 * Corpus BLEU with sacreBLEU's semantics (`BLEU().corpus_score`): n-gram
 * statistics summed over segments, clipped by the maximum count over each
 * segment's references, closest reference length (ties → shorter), brevity
 * penalty, `exp` smoothing by default.
 *
 * @param hypotheses One detokenized line per segment.
 * @param references One or more reference streams, each parallel to `hypotheses`.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: ReferenceStreams,
  options: BleuOptions = {},
): BleuResult {
  return score('corpusBleu', hypotheses, references, resolve('corpusBleu', options, false));
}

/**
 * Sentence BLEU as sacreBLEU's `BLEU(effective_order=True).sentence_score`:
 * `exp` smoothing and effective order by default.
 *
 * @param references The sentence's reference(s).
 */
export function sentenceBleu(
  hypothesis: string,
  references: string | readonly string[],
  options: BleuOptions = {},
): BleuResult {
  const list = typeof references === 'string' ? [references] : references;
  if (typeof hypothesis !== 'string') {
    throw new MetricsError(
      `sentenceBleu: hypothesis must be a string. Received: ${typeof hypothesis}`,
    );
  }
  return score(
    'sentenceBleu',
    [hypothesis],
    list.map((reference) => [reference]),
    resolve('sentenceBleu', options, true),
  );
}

/**
 * Corpus BLEU as a `CorpusMetric` (sacreBLEU's `BLEU()` with these options),
 * for tests that resample segments, such as `pairedBootstrap`: per-segment
 * statistics `[sysLen, refLen, correct_1…N, total_1…N]`, and the score of
 * their column sums.
 */
export function bleuMetric(options: BleuOptions = {}): CorpusMetric {
  const resolved = resolve('bleuMetric', options, false);
  return {
    name: 'BLEU',
    segmentStatistics: (hypotheses, references) =>
      corpusStatistics('bleuMetric', hypotheses, references, resolved).rows,
    score: (sums) => scoreFromSums(sums, resolved).score,
  };
}
