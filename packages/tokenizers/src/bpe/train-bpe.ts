import { pairKey } from './pair-key';
import { PairQueue } from './pair-queue';
import type { PreTokenCounts } from './pre-token-counts';
import { WORD_BOUNDARY } from './pre-tokenize';

/** What `trainBpe` learns. */
export interface BpeTrainResult {
  /** The alphabet (most frequent character first), then each merge's new piece, in order. */
  pieces: string[];
  /** Merges in rank order, as `[left, right]` piece pairs. */
  merges: [string, string][];
}

/** Options of `trainBpe`. */
export interface TrainBpeOptions {
  /** How many pieces (characters plus merged pieces) to learn at most. */
  maxPieces: number;
  /** Characters and pairs seen fewer times are not kept or merged. */
  minFrequency: number;
}

const UNKNOWN = -1;

/**
 * Learns BPE merges from a table of pre-token frequencies.
 *
 * The alphabet is every character (code point; the space before a spaced pre-token is `▁`) counted at
 * least `minFrequency` times, most frequent first (ties: ascending string order),
 * cut to `maxPieces`; other characters never merge. Then, until `maxPieces` pieces
 * exist or no pair is counted `minFrequency` times, the most frequent adjacent pair
 * is merged everywhere, left to right. **Tie-breaking**: among pairs with the same
 * count, the one whose left piece sorts first wins, then the one whose right piece
 * sorts first (JavaScript string order, i.e. UTF-16 code units), so training is
 * deterministic and independent of corpus order. A merge whose result is an existing
 * piece adds no new piece; a pair is merged at most once.
 *
 * Cost: pair counts are kept incrementally. Each pair knows the words it occurs in,
 * so a merge touches only those words, updates the counts of the neighbouring pairs,
 * and re-queues the pairs that grew in a priority queue (stale entries are skipped
 * when popped), never recounting the corpus.
 */
export function trainBpe(words: PreTokenCounts, options: TrainBpeOptions): BpeTrainResult {
  const { maxPieces, minFrequency } = options;
  const threshold = Math.max(1, minFrequency);
  const stride = maxPieces + 1;

  // Alphabet.
  const characterCounts = new Map<string, number>();
  let boundaryCount = 0;
  for (const [word, spaced, frequency] of words.entries()) {
    if (spaced) boundaryCount += frequency;
    for (const character of word) {
      characterCounts.set(character, (characterCounts.get(character) ?? 0) + frequency);
    }
  }
  if (boundaryCount > 0) {
    characterCounts.set(WORD_BOUNDARY, (characterCounts.get(WORD_BOUNDARY) ?? 0) + boundaryCount);
  }
  const alphabet = [...characterCounts]
    .filter(([, count]) => count >= threshold)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, maxPieces)
    .map(([character]) => character);
  const pieces: string[] = [...alphabet];
  const pieceIds = new Map(pieces.map((piece, id) => [piece, id]));

  // Words as symbol ids.
  const wordSymbols: number[][] = [];
  const wordFrequency: number[] = [];
  for (const [word, spaced, frequency] of words.entries()) {
    const symbols: number[] = spaced ? [pieceIds.get(WORD_BOUNDARY) ?? UNKNOWN] : [];
    for (const character of word) symbols.push(pieceIds.get(character) ?? UNKNOWN);
    wordSymbols.push(symbols);
    wordFrequency.push(frequency);
  }

  // Pair statistics, indexed by a dense pair index.
  const pairIndex = new Map<number, number>();
  const pairLeft: number[] = [];
  const pairRight: number[] = [];
  const pairCount: number[] = [];
  const pairWords: number[][] = [];
  const merged: boolean[] = [];
  const indexOf = (left: number, right: number): number => {
    const key = pairKey(left, right, stride);
    let index = pairIndex.get(key);
    if (index === undefined) {
      index = pairLeft.length;
      pairIndex.set(key, index);
      pairLeft.push(left);
      pairRight.push(right);
      pairCount.push(0);
      pairWords.push([]);
      merged.push(false);
    }
    return index;
  };
  wordSymbols.forEach((symbols, word) => {
    const frequency = wordFrequency[word]!;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const left = symbols[i]!;
      const right = symbols[i + 1]!;
      if (left === UNKNOWN || right === UNKNOWN) continue;
      const index = indexOf(left, right);
      pairCount[index]! += frequency;
      const where = pairWords[index]!;
      if (where[where.length - 1] !== word) where.push(word);
    }
  });

  const before = (p: number, q: number): boolean => {
    const leftP = pieces[pairLeft[p]!]!;
    const leftQ = pieces[pairLeft[q]!]!;
    if (leftP !== leftQ) return leftP < leftQ;
    return pieces[pairRight[p]!]! < pieces[pairRight[q]!]!;
  };
  const queue = new PairQueue(before);
  pairCount.forEach((count, index) => {
    if (count >= threshold) queue.push(index, count);
  });

  const merges: [string, string][] = [];
  const visited = new Int32Array(wordSymbols.length).fill(-1);
  const grown = new Map<number, number>(); // pair index → count change during one merge
  const top: [number, number] = [0, 0];
  let current = -1;
  let newSymbol = -1;
  let wordFrequencyNow = 0;
  let wordNow = -1;

  const change = (left: number, right: number, delta: number): void => {
    if (left === UNKNOWN || right === UNKNOWN) return;
    const index = indexOf(left, right);
    if (index === current) return;
    pairCount[index]! += delta;
    grown.set(index, (grown.get(index) ?? 0) + delta);
    if (delta > 0) {
      const where = pairWords[index]!;
      if (where[where.length - 1] !== wordNow) where.push(wordNow);
    }
  };

  while (pieces.length < maxPieces && queue.pop(top)) {
    const [index, count] = top;
    if (merged[index]) continue;
    if (count !== pairCount[index]) {
      if (pairCount[index]! >= threshold) queue.push(index, pairCount[index]!);
      continue;
    }
    const a = pairLeft[index]!;
    const b = pairRight[index]!;
    const piece = pieces[a]! + pieces[b]!;
    newSymbol = pieceIds.get(piece) ?? pieces.length;
    if (newSymbol === pieces.length) {
      pieces.push(piece);
      pieceIds.set(piece, newSymbol);
    }
    merges.push([pieces[a]!, pieces[b]!]);
    merged[index] = true;
    pairCount[index] = 0;
    current = index;
    grown.clear();
    const mergeNumber = merges.length;
    for (const word of pairWords[index]!) {
      if (visited[word] === mergeNumber) continue;
      visited[word] = mergeNumber;
      wordNow = word;
      wordFrequencyNow = wordFrequency[word]!;
      const symbols = wordSymbols[word]!;
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] !== a || symbols[i + 1] !== b) continue;
        if (i > 0) {
          change(symbols[i - 1]!, a, -wordFrequencyNow);
          change(symbols[i - 1]!, newSymbol, wordFrequencyNow);
        }
        symbols.splice(i, 2, newSymbol);
        if (i + 1 < symbols.length) {
          change(b, symbols[i + 1]!, -wordFrequencyNow);
          change(newSymbol, symbols[i + 1]!, wordFrequencyNow);
        }
      }
    }
    pairWords[index] = [];
    for (const [pair, delta] of grown) {
      if (delta > 0 && !merged[pair] && pairCount[pair]! >= threshold) {
        queue.push(pair, pairCount[pair]!);
      }
    }
  }
  return { pieces, merges };
}
