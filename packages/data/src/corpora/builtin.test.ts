import { HeedError } from '@heed/core';
import { describe, expect, it } from 'vitest';
import { builtinCorpusNames, loadBuiltinCorpus } from './builtin';

describe('loadBuiltinCorpus', () => {
  it('lists the three built-in corpora', () => {
    expect(builtinCorpusNames()).toEqual(['dates', 'en-es-grammar', 'phrasebook']);
  });

  it.each(['dates', 'en-es-grammar', 'phrasebook'] as const)(
    '%s is deterministic for a seed, differs across seeds and has distinct sources',
    (name) => {
      const a = loadBuiltinCorpus(name, { size: 200, seed: 7 });
      const b = loadBuiltinCorpus(name, { size: 200, seed: 7 });
      const c = loadBuiltinCorpus(name, { size: 200, seed: 8 });
      expect(a.name).toBe(name);
      expect(a.pairs).toHaveLength(200);
      expect(a.pairs).toEqual(b.pairs);
      expect(a.pairs).not.toEqual(c.pairs);
      expect(new Set(a.pairs.map((p) => p.source)).size).toBe(200);
      for (const pair of a.pairs) {
        expect(pair.source.length).toBeGreaterThan(0);
        expect(pair.target.length).toBeGreaterThan(0);
      }
    },
  );

  it('phrasebook ships a few hundred pairs and returns all of them by default', () => {
    const { pairs } = loadBuiltinCorpus('phrasebook');
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(pairs).toContainEqual({
      source: 'Where is the bathroom?',
      target: '¿Dónde está el baño?',
    });
  });

  it('rejects unknown names, unknown options and oversized requests', () => {
    expect(() => loadBuiltinCorpus('klingon' as 'dates')).toThrow(/unknown corpus 'klingon'/);
    expect(() => loadBuiltinCorpus('dates', { sizes: 3 } as object)).toThrow(
      /unknown option 'sizes'/,
    );
    expect(() => loadBuiltinCorpus('dates', { size: -1 })).toThrow(
      'loadBuiltinCorpus: size must be a non-negative integer. Received: size=-1',
    );
    expect(() => loadBuiltinCorpus('phrasebook', { size: 100_000 })).toThrow(HeedError);
  });
});
