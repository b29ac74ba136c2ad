import { TokenizerError } from '../errors';
import { formatValue } from '../validation';
import { pairKey } from './pair-key';
import { WORD_BOUNDARY } from './pre-tokenize';

/** Encoded pre-tokens kept before the cache is emptied and starts over. */
const CACHE_LIMIT = 100_000;

/**
 * Applies learned merges to pre-tokens. Piece ids come from `lookup` (the vocabulary);
 * a character without an id goes through `fallback` (byte tokens or `<unk>`), and such
 * ids never merge. Each pre-token is encoded once and cached (up to 100,000 entries each
 * with and without `▁`, then the cache starts over), so running text costs one `Map` lookup per pre-token.
 */
export class BpeModel {
  /** Merge rank by pair key. The first of repeated merges wins. */
  private readonly ranks = new Map<number, number>();
  private readonly leftOf: number[] = [];
  private readonly rightOf: number[] = [];
  private readonly resultOf: number[] = [];
  private readonly spacedCache = new Map<string, readonly number[]>();
  private readonly unspacedCache = new Map<string, readonly number[]>();
  /** One more than the largest piece id, for `pairKey`. */
  private readonly stride: number;

  /**
   * @param maxId The largest id `lookup` or `fallback` can return.
   */
  constructor(
    owner: string,
    maxId: number,
    merges: readonly (readonly [string, string])[],
    private readonly lookup: (piece: string) => number | undefined,
    private readonly fallback: (character: string, out: number[]) => void,
  ) {
    this.stride = maxId + 2;
    merges.forEach((merge, rank) => {
      const pieces = [merge[0], merge[1], merge[0] + merge[1]];
      const ids = pieces.map((piece) => lookup(piece));
      const missing = ids.indexOf(undefined);
      if (missing >= 0) {
        throw new TokenizerError(
          `${owner}: merges[${rank}] = ${formatValue(merge)} needs the piece ${formatValue(pieces[missing])}, which is not in the vocabulary`,
        );
      }
      const [leftId, rightId, resultId] = ids as number[];
      const key = pairKey(leftId!, rightId!, this.stride);
      if (this.ranks.has(key)) return;
      this.ranks.set(key, this.leftOf.length);
      this.leftOf.push(leftId!);
      this.rightOf.push(rightId!);
      this.resultOf.push(resultId!);
    });
  }

  /**
   * The piece ids of one pre-token (a word or a punctuation character; `spaced` puts
   * `▁` before it). Repeatedly merges the adjacent pair with the lowest rank, every
   * occurrence left to right — the segmentation training produced.
   */
  encode(preToken: string, spaced: boolean): readonly number[] {
    const cache = spaced ? this.spacedCache : this.unspacedCache;
    const cached = cache.get(preToken);
    if (cached !== undefined) return cached;
    let symbols: number[] = [];
    for (const character of spaced ? WORD_BOUNDARY + preToken : preToken) {
      const id = this.lookup(character);
      if (id === undefined) this.fallback(character, symbols);
      else symbols.push(id);
    }
    while (symbols.length > 1) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(pairKey(symbols[i]!, symbols[i + 1]!, this.stride));
        if (rank !== undefined && rank < best) best = rank;
      }
      if (best === Number.POSITIVE_INFINITY) break;
      const left = this.leftOf[best]!;
      const right = this.rightOf[best]!;
      const result = this.resultOf[best]!;
      const next: number[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (symbols[i] === left && symbols[i + 1] === right && i + 1 < symbols.length) {
          next.push(result);
          i++;
        } else {
          next.push(symbols[i]!);
        }
      }
      symbols = next;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(preToken, symbols);
    return symbols;
  }
}
