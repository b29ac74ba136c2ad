import { Random } from '@heed/core';
import type { SentencePair } from '../types';
import PHRASEBOOK from './phrasebook.json';

/** Every phrasebook pair (`phrasebook.json`: `[english, spanish]` rows), in an order shuffled by `seed`. */
export function phrasebookPairs(seed: number): SentencePair[] {
  const pairs = PHRASEBOOK.map(([source = '', target = '']) => ({ source, target }));
  return new Random(seed).fork('phrasebook').shuffle(pairs);
}
