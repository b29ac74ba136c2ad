/** How often each pre-token occurs in a corpus, with and without a space before it. */
export class PreTokenCounts {
  readonly spaced = new Map<string, number>();
  readonly unspaced = new Map<string, number>();

  add(preToken: string, spaced: boolean): void {
    const counts = spaced ? this.spaced : this.unspaced;
    counts.set(preToken, (counts.get(preToken) ?? 0) + 1);
  }

  /** Every `[preToken, spaced, count]`, spaced ones first, each group in first-seen order. */
  *entries(): IterableIterator<[string, boolean, number]> {
    for (const [preToken, count] of this.spaced) yield [preToken, true, count];
    for (const [preToken, count] of this.unspaced) yield [preToken, false, count];
  }
}
