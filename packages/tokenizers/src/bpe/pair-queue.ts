/**
 * A binary max-heap of `(count, pair)` entries for BPE training. Higher counts come
 * first; equal counts are ordered by `before(pairA, pairB)`. Entries are not updated
 * in place: the trainer pushes a pair again when its count grows and discards popped
 * entries whose count is stale (lazy deletion).
 */
export class PairQueue {
  private readonly counts: number[] = [];
  private readonly pairs: number[] = [];

  constructor(private readonly before: (pairA: number, pairB: number) => boolean) {}

  get size(): number {
    return this.pairs.length;
  }

  push(pair: number, count: number): void {
    this.counts.push(count);
    this.pairs.push(pair);
    this.siftUp(this.pairs.length - 1);
  }

  /** Removes the top entry into `out` (`out[0]` pair, `out[1]` count); false when empty. */
  pop(out: [number, number]): boolean {
    const last = this.pairs.length - 1;
    if (last < 0) return false;
    out[0] = this.pairs[0]!;
    out[1] = this.counts[0]!;
    this.pairs[0] = this.pairs[last]!;
    this.counts[0] = this.counts[last]!;
    this.pairs.pop();
    this.counts.pop();
    if (last > 0) this.siftDown(0);
    return true;
  }

  private higher(i: number, j: number): boolean {
    const ci = this.counts[i]!;
    const cj = this.counts[j]!;
    return ci > cj || (ci === cj && this.before(this.pairs[i]!, this.pairs[j]!));
  }

  private swap(i: number, j: number): void {
    const pair = this.pairs[i]!;
    const count = this.counts[i]!;
    this.pairs[i] = this.pairs[j]!;
    this.counts[i] = this.counts[j]!;
    this.pairs[j] = pair;
    this.counts[j] = count;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.higher(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.pairs.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.higher(right, left) ? right : left;
      if (!this.higher(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}
