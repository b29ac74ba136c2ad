import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PreTokenCounts } from './pre-token-counts';
import { WORD_BOUNDARY } from './pre-tokenize';
import { trainBpe } from './train-bpe';

/**
 * The textbook algorithm, for reference: recount every pair before each merge, take
 * the most frequent (ties: left piece, then right piece, in string order), merge it
 * everywhere left to right. Characters below the threshold never merge; a pair is
 * merged at most once.
 */
function naiveBpe(words: PreTokenCounts, maxPieces: number, minFrequency: number) {
  const threshold = Math.max(1, minFrequency);
  const table = [...words.entries()].map(([word, spaced, count]) => ({
    symbols: [...(spaced ? [WORD_BOUNDARY] : []), ...word] as (string | null)[],
    count,
  }));
  const characters = new Map<string, number>();
  for (const { symbols, count } of table) {
    for (const s of symbols) characters.set(s!, (characters.get(s!) ?? 0) + count);
  }
  const alphabet = [...characters]
    .filter(([, count]) => count >= threshold)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, maxPieces)
    .map(([c]) => c);
  const known = new Set(alphabet);
  for (const entry of table) entry.symbols = entry.symbols.map((s) => (known.has(s!) ? s : null));
  const pieces = [...alphabet];
  const merges: [string, string][] = [];
  const done = new Set<string>();
  while (pieces.length < maxPieces) {
    const counts = new Map<string, { left: string; right: string; count: number }>();
    for (const { symbols, count } of table) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const [left, right] = [symbols[i], symbols[i + 1]];
        if (left === null || right === null) continue;
        const key = JSON.stringify([left, right]);
        if (done.has(key)) continue;
        const entry = counts.get(key) ?? { left: left!, right: right!, count: 0 };
        entry.count += count;
        counts.set(key, entry);
      }
    }
    let best: { left: string; right: string; count: number } | undefined;
    for (const entry of counts.values()) {
      if (
        best === undefined ||
        entry.count > best.count ||
        (entry.count === best.count &&
          (entry.left < best.left || (entry.left === best.left && entry.right < best.right)))
      ) {
        best = entry;
      }
    }
    if (best === undefined || best.count < threshold) break;
    done.add(JSON.stringify([best.left, best.right]));
    merges.push([best.left, best.right]);
    const piece = best.left + best.right;
    if (!pieces.includes(piece)) pieces.push(piece);
    for (const entry of table) {
      const out: (string | null)[] = [];
      for (let i = 0; i < entry.symbols.length; i++) {
        if (entry.symbols[i] === best.left && entry.symbols[i + 1] === best.right) {
          out.push(piece);
          i++;
        } else {
          out.push(entry.symbols[i]!);
        }
      }
      entry.symbols = out;
    }
  }
  return { pieces, merges };
}

function table(entries: readonly [string, boolean][]): PreTokenCounts {
  const counts = new PreTokenCounts();
  for (const [word, spaced] of entries) counts.add(word, spaced);
  return counts;
}

describe('trainBpe', () => {
  it('merges the most frequent pair first', () => {
    // 'low' ×5, 'lower' ×2, 'newest' ×6, 'widest' ×3 (Sennrich et al.'s example).
    const words = table([
      ...Array<[string, boolean]>(5).fill(['low', false]),
      ...Array<[string, boolean]>(2).fill(['lower', false]),
      ...Array<[string, boolean]>(6).fill(['newest', false]),
      ...Array<[string, boolean]>(3).fill(['widest', false]),
    ]);
    const { merges } = trainBpe(words, { maxPieces: 14, minFrequency: 2 });
    expect(merges.slice(0, 4)).toEqual([
      ['e', 's'],
      ['es', 't'],
      ['l', 'o'],
      ['lo', 'w'],
    ]);
  });

  it('breaks ties by the left piece, then the right piece, in string order', () => {
    // Every pair occurs once: b+a, a+b, a+c, c+a → 'ab' first ('a' < 'c' and 'b' < 'c').
    const { merges } = trainBpe(
      table([
        ['ba', false],
        ['ab', false],
        ['ac', false],
        ['ca', false],
      ]),
      {
        maxPieces: 4,
        minFrequency: 1,
      },
    );
    expect(merges[0]).toEqual(['a', 'b']);
  });

  it('is deterministic and does not depend on corpus order', () => {
    const entries: [string, boolean][] = [
      ['abab', true],
      ['baba', false],
      ['abc', true],
      ['cab', true],
      ['abab', true],
    ];
    const forward = trainBpe(table(entries), { maxPieces: 20, minFrequency: 1 });
    const backward = trainBpe(table([...entries].reverse()), { maxPieces: 20, minFrequency: 1 });
    expect(backward.merges).toEqual(forward.merges);
  });

  it('learns exactly the merges of the recount-everything reference', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'b', 'c', 'd', 'é', 'न', '्'),
      minLength: 1,
      maxLength: 8,
    });
    const entries = fc.array(fc.tuple(word, fc.boolean()), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(
        entries,
        fc.integer({ min: 1, max: 40 }),
        fc.nat(3),
        (list, maxPieces, minFrequency) => {
          const words = table(list);
          const fast = trainBpe(words, { maxPieces, minFrequency });
          const reference = naiveBpe(words, maxPieces, minFrequency);
          expect(fast.merges).toEqual(reference.merges);
          expect(fast.pieces).toEqual(reference.pieces);
        },
      ),
      { numRuns: 200 },
    );
  });
});
