/**
 * Which decoder rows the sentences of a beam search own: slot s (a sentence
 * still searching) owns `count(s)` consecutive rows from `offset(s)`, one per
 * alive hypothesis, in the order of its alive list. Hypotheses that left the
 * search own no row, so a sentence with fewer alive hypotheses than the beam
 * costs fewer rows.
 */
export class BeamLayout {
  readonly #counts: readonly number[];
  readonly #offsets: readonly number[];
  /** Rows in all. */
  readonly rows: number;

  constructor(counts: readonly number[]) {
    let rows = 0;
    this.#offsets = counts.map((count) => {
      const offset = rows;
      rows += count;
      return offset;
    });
    this.#counts = counts;
    this.rows = rows;
  }

  get slots(): number {
    return this.#counts.length;
  }

  /** The first row of slot `slot`. */
  offset(slot: number): number {
    return this.#offsets[slot] ?? this.rows;
  }

  count(slot: number): number {
    return this.#counts[slot] ?? 0;
  }

  /**
   * `[slots · width]`: for each slot, its rows, then `rows` (the index of a
   * padding row appended after the last) up to `width` entries, so per-row
   * values gathered through it line up as one block of `width` per slot.
   */
  padded(width: number): Int32Array {
    const index = new Int32Array(this.slots * width).fill(this.rows);
    for (let slot = 0; slot < this.slots; slot++) {
      for (let j = 0; j < this.count(slot); j++) index[slot * width + j] = this.offset(slot) + j;
    }
    return index;
  }

  /** Whether every slot owns as many rows as in `other`. */
  sameCounts(other: BeamLayout): boolean {
    return (
      this.slots === other.slots && this.#counts.every((count, slot) => count === other.count(slot))
    );
  }
}
