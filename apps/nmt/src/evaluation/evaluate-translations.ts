import type { SentencePair } from '@heed/data';
import { corpusBleu, corpusChrf } from '@heed/metrics';
import {
  type TokenizerPair,
  type TranslateOptions,
  type TranslationModel,
  translate,
} from '@heed/models';
import { encodePairs, makeBatches } from '@heed/recipe';
import { evaluateModel } from '@heed/train';

/** Options of `evaluateTranslations`. */
export interface EvaluateTranslationsOptions
  extends Omit<TranslateOptions, 'attention' | 'nbest' | 'sample'> {
  /** Most tokens per batch when scoring perplexity. Defaults to 4096 (raised to fit the longest pair). */
  batchTokens?: number;
  /** Compare lowercased text (for models trained with `--lowercase`). Defaults to false. */
  lowercase?: boolean;
}

/** What `evaluateTranslations` measured. */
export interface EvaluationReport {
  sentences: number;
  /** Corpus BLEU, sacreBLEU semantics (13a tokenization). */
  bleu: number;
  /** sacreBLEU's signature of the BLEU settings. */
  bleuSignature: string;
  /** Corpus chrF2. */
  chrf: number;
  /** Per-token perplexity of the references under the model (teacher forcing, full softmax). */
  perplexity: number;
  /** Mean cross-entropy per reference token, in nats. */
  loss: number;
  /** Share of sentences translated exactly as the reference (after trimming), in %. */
  exactMatch: number;
  sources: string[];
  references: string[];
  hypotheses: string[];
  /** Wall time of decoding and scoring. */
  seconds: number;
}

/**
 * Translates the sources of `pairs` and scores them against the targets:
 * BLEU and chrF (sacreBLEU semantics, on detokenized text), exact match, and
 * the perplexity of the references under the model.
 */
export async function evaluateTranslations(
  model: TranslationModel,
  tokenizers: TokenizerPair,
  pairs: readonly SentencePair[],
  options: EvaluateTranslationsOptions = {},
): Promise<EvaluationReport> {
  const started = performance.now();
  const { batchTokens, lowercase = false, ...decoding } = options;
  const sources = pairs.map((pair) => pair.source);
  const references = pairs.map((pair) => pair.target);
  const translations = await translate(model, tokenizers, sources, decoding);
  const hypotheses = translations.map((translation) => translation.hypotheses[0]?.text ?? '');
  const encoded = encodePairs(pairs, tokenizers);
  const longest = Math.max(
    1,
    ...encoded.source.map((ids, i) => Math.max(ids.length, encoded.target[i]?.length ?? 0)),
  );
  const batches = makeBatches(encoded, {
    batchTokens: Math.max(batchTokens ?? 4096, longest),
    shuffle: false,
  });
  const scored = await evaluateModel(model, batches, { decode: false });
  const bleu = corpusBleu(hypotheses, [references], { lowercase });
  const normalize = (text: string) => (lowercase ? text.trim().toLowerCase() : text.trim());
  const exact = hypotheses.filter(
    (hypothesis, i) => normalize(hypothesis) === normalize(references[i] as string),
  ).length;
  return {
    sentences: pairs.length,
    bleu: bleu.score,
    bleuSignature: bleu.signature,
    chrf: corpusChrf(hypotheses, [references], { lowercase }).score,
    perplexity: scored.perplexity,
    loss: scored.loss,
    exactMatch: pairs.length === 0 ? 0 : (100 * exact) / pairs.length,
    sources,
    references,
    hypotheses,
    seconds: (performance.now() - started) / 1000,
  };
}
