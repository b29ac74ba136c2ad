import { builtinCorpusNames } from '@heed/data';
import { WordTokenizer } from '@heed/tokenizers';
import { describe, expect, it } from 'vitest';
import { loadPairs } from './load-pairs';

describe('word tokenization of the built-in corpora', () => {
  it.each(builtinCorpusNames())(
    '%s: every sentence comes back exactly from its tokens',
    async (name) => {
      const pairs = await loadPairs({ kind: 'builtin', name }, { seed: 0 });
      for (const side of ['source', 'target'] as const) {
        const sentences = pairs.map((pair) => pair[side]);
        const tokenizer = WordTokenizer.train(sentences);
        const changed = sentences.filter(
          (sentence) =>
            tokenizer.decode(tokenizer.encode(sentence)) !== tokenizer.normalize(sentence),
        );
        expect(changed.slice(0, 5), `${name} ${side}`).toEqual([]);
      }
    },
  );
});
