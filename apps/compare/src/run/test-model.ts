import type { SentencePair } from '@heed/data';
import { corpusBleu, corpusChrf } from '@heed/metrics';
import {
  attentionHeatmap,
  type TokenizerPair,
  type TranslateOptions,
  type TranslationModel,
  translate,
} from '@heed/models';
import { type EncodedPairs, encodePairs } from '@heed/recipe';
import { evaluateModel, type TrainingBatch } from '@heed/train';
import type { CompareConfig } from '../config/compare-config';
import { attentionQuality, teacherForcedAttention } from './attention-quality';
import { dateAlignments, type GoldAlignment } from './date-alignments';
import { bleuByLength, lengthBuckets } from './length-buckets';
import type { AttentionMap, DecodeScores, ModelResult } from './model-result';

/** The sentences every model is tested on. */
export interface TestSet {
  pairs: SentencePair[];
  /** Source lengths in tokens, EOS not counted. */
  sourceLengths: number[];
  /** Indices (into `pairs`) of the sentences whose attention is drawn. */
  heatmapSentences: number[];
  /** Both sides as token ids with EOS, for teacher-forced attention. */
  encoded: EncodedPairs;
  /** Each pair's alignment known by construction (see `dateAlignments`); null when none is. */
  alignments: (GoldAlignment | undefined)[] | null;
}

/**
 * The first `testSentences` pairs of the test split, and `heatmapSentences`
 * of them spread over the lengths up to `heatmapMaxLength`: at the quantiles
 * 1/k, 2/k, …, 1 of the length-sorted candidates, so the last is the longest.
 */
export function testSet(
  pairs: readonly SentencePair[],
  tokenizers: TokenizerPair,
  config: Pick<
    CompareConfig,
    | 'testSentences'
    | 'heatmapSentences'
    | 'heatmapMaxLength'
    | 'data'
    | 'tokenizer'
    | 'reverse'
    | 'corpusSize'
  >,
): TestSet {
  const chosen = pairs.slice(0, config.testSentences ?? pairs.length);
  const sourceLengths = chosen.map((pair) => tokenizers.source.encode(pair.source).length);
  const candidates = sourceLengths
    .map((length, index) => ({ length, index }))
    .filter(({ length }) => length >= 1 && length <= config.heatmapMaxLength)
    .sort((a, b) => a.length - b.length || a.index - b.index);
  const k = Math.min(config.heatmapSentences, candidates.length);
  const heatmapSentences: number[] = [];
  for (let i = 1; i <= k; i++) {
    const candidate = candidates[Math.round((i / k) * (candidates.length - 1))];
    if (candidate && !heatmapSentences.includes(candidate.index)) {
      heatmapSentences.push(candidate.index);
    }
  }
  return {
    pairs: chosen,
    sourceLengths,
    heatmapSentences,
    encoded: encodePairs(chosen, tokenizers),
    alignments: dateAlignments(config, chosen, tokenizers),
  };
}

/**
 * Scores a trained model: the loss and perplexity on every validation
 * batch, then the test set translated greedily and with beam search (BLEU,
 * chrF, wall time per sentence, BLEU by source length), and, with
 * `withAttention`, the sharpness (and, where known, alignment error rate) of
 * its attention teacher-forced on the test references and the attention of
 * its greedy translations of the heat-map sentences.
 */
export async function testModel(
  model: TranslationModel,
  tokenizers: TokenizerPair,
  validationBatches: readonly TrainingBatch[],
  test: TestSet,
  config: CompareConfig,
  withAttention: boolean,
): Promise<Pick<ModelResult, 'validation' | 'test' | 'attentionQuality' | 'attention'>> {
  const validation =
    validationBatches.length === 0
      ? null
      : await evaluateModel(model, validationBatches, { decode: false });
  const sources = test.pairs.map((pair) => pair.source);
  const references = test.pairs.map((pair) => pair.target);
  const decode = async (options: TranslateOptions) => {
    const started = performance.now();
    const translations = await translate(model, tokenizers, sources, {
      batchSize: config.decodeBatch,
      ...options,
    });
    const milliseconds = performance.now() - started;
    const hypotheses = translations.map((translation) => translation.hypotheses[0]?.text ?? '');
    const scores: DecodeScores = {
      bleu: corpusBleu(hypotheses, [references]).score,
      chrf: corpusChrf(hypotheses, [references]).score,
      msPerSentence: milliseconds / Math.max(1, sources.length),
    };
    return { hypotheses, scores };
  };
  const greedy = await decode({ beam: 1 });
  const beam = await decode({ beam: config.beam, lengthPenalty: config.lengthPenalty });
  const maps = withAttention
    ? await teacherForcedAttention(
        model,
        test.encoded.source,
        test.encoded.target,
        config.decodeBatch,
      )
    : null;
  const attention: AttentionMap[] = [];
  if (withAttention && test.heatmapSentences.length > 0) {
    const translations = await translate(
      model,
      tokenizers,
      test.heatmapSentences.map((i) => sources[i] as string),
      { beam: 1, attention: true, batchSize: config.decodeBatch },
    );
    translations.forEach((translation, i) => {
      const heatmap = attentionHeatmap(translation);
      attention.push({
        sentence: test.heatmapSentences[i] as number,
        source: translation.source,
        sourceTokens: [...heatmap.sourceTokens],
        targetTokens: [...heatmap.targetTokens],
        weights: heatmap.weights.map((row) =>
          Array.from(row, (weight) => Math.round(weight * 1e4) / 1e4),
        ),
      });
    });
  }
  return {
    validation: validation && {
      loss: validation.loss,
      perplexity: validation.perplexity,
      tokens: validation.tokens,
    },
    test: {
      sentences: sources.length,
      greedy: greedy.scores,
      beam: { ...beam.scores, beamSize: config.beam, lengthPenalty: config.lengthPenalty },
      buckets: bleuByLength(
        lengthBuckets(config.buckets),
        test.sourceLengths,
        references,
        greedy.hypotheses,
        beam.hypotheses,
      ),
      translations: { greedy: greedy.hypotheses, beam: beam.hypotheses },
    },
    attentionQuality: maps && attentionQuality(maps, test.alignments),
    attention,
  };
}
