/**
 * A unique number for the ordered pair `(left, right)` of ids in `[0, stride − 1)`, for
 * `Map` keys. With `stride` one more than the largest id, a −1 (an id that never merges)
 * on either side cannot collide with a real pair. For vocabularies up to ~46,000 the keys
 * stay small integers, which `Map` hashes fastest.
 */
export function pairKey(left: number, right: number, stride: number): number {
  return left * stride + right;
}

/** The largest vocabulary `pairKey` supports exactly (2^24 ids). */
export const MAX_SYMBOLS = 2 ** 24;
