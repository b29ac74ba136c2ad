import { Random } from '@heed/core';
import type { SentencePair } from '../../types';
import { renderEnglish } from './render-english';
import { renderSpanish } from './render-spanish';
import { GrammarSampler } from './sample';

/**
 * `size` distinct English→Spanish pairs drawn from a small grammar: agreement
 * of articles and adjectives, adjectives after the noun, five tenses in five
 * persons, negation, ¿…? questions, relative clauses and coordination (3 to
 * 50+ tokens). The Spanish is a function of the English, so a model can learn
 * the corpus perfectly. Deterministic for a given seed.
 */
export function generateEnEsGrammar(size: number, seed: number): SentencePair[] {
  const sampler = new GrammarSampler(new Random(seed).fork('en-es-grammar'));
  const seen = new Set<string>();
  const pairs: SentencePair[] = [];
  while (pairs.length < size) {
    const sentence = sampler.sentence();
    const source = renderEnglish(sentence);
    if (seen.has(source)) continue;
    seen.add(source);
    pairs.push({ source, target: renderSpanish(sentence) });
  }
  return pairs;
}
