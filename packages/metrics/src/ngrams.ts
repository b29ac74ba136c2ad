/**
 * Counts of every word n-gram of order 1…maxOrder, keyed by the n-gram's
 * tokens joined with a space (tokens never contain whitespace).
 */
export function wordNgramCounts(tokens: readonly string[], maxOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Counts of the n-grams of exactly order `n` over `units` (characters or words). */
export function ngramCounts(
  units: readonly string[],
  n: number,
  separator: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= units.length; i++) {
    const key = units.slice(i, i + n).join(separator);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The order of a word n-gram key from `wordNgramCounts`. */
export function ngramOrder(key: string): number {
  let order = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) order++;
  return order;
}
