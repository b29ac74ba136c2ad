import { UNK_ID } from '@heed/core';
import type { TokenizerPair } from '@heed/models';

/** How much of a text side its tokenizer cannot represent (ids that are `<unk>`). */
export interface OovRate {
  tokens: number;
  unknownTokens: number;
  sentences: number;
  /** Sentences with at least one `<unk>`. */
  sentencesWithUnknown: number;
}

/** Held-out target tokens past this share out of vocabulary make `train` warn. */
export const OOV_WARNING_SHARE = 0.01;

/** Counts the `<unk>` ids `tokenizer` gives `texts`. */
export function oovRate(texts: readonly string[], tokenizer: TokenizerPair['source']): OovRate {
  const rate: OovRate = {
    tokens: 0,
    unknownTokens: 0,
    sentences: texts.length,
    sentencesWithUnknown: 0,
  };
  for (const text of texts) {
    const ids = tokenizer.encode(text);
    const unknown = ids.filter((id) => id === UNK_ID).length;
    rate.tokens += ids.length;
    rate.unknownTokens += unknown;
    if (unknown > 0) rate.sentencesWithUnknown++;
  }
  return rate;
}

/** `4.8% of 10234 tokens, 21.5% of 1000 sentences`. */
export function describeOov(rate: OovRate): string {
  const share = (part: number, whole: number) =>
    `${whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1)}%`;
  return `${share(rate.unknownTokens, rate.tokens)} of ${rate.tokens} tokens, ${share(rate.sentencesWithUnknown, rate.sentences)} of ${rate.sentences} sentences`;
}
