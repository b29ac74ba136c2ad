import type { CorpusIssue, CorpusProblem } from '../errors';

/** How many examples of skipped lines a report keeps. */
const KEPT_EXAMPLES = 20;

/** What a reader produced and, in skip mode, what it left out and why. */
export class SkipReport {
  /** Pairs yielded. */
  pairs = 0;
  /** Lines (or line pairs) skipped. */
  skipped = 0;
  /** Skipped lines per problem. */
  readonly reasons: Partial<Record<CorpusProblem, number>> = {};
  /** The first few skipped lines, for a message to the user. */
  readonly examples: CorpusIssue[] = [];

  /** Records one skipped line (or `count` lines, for a line-count mismatch). */
  record(issue: CorpusIssue, count = 1): void {
    this.skipped += count;
    this.reasons[issue.problem] = (this.reasons[issue.problem] ?? 0) + count;
    if (this.examples.length < KEPT_EXAMPLES) this.examples.push(issue);
  }

  /** One line, e.g. `read 1000 pairs, skipped 3 (missing-tab: 2, invalid-utf8: 1)`. */
  toString(): string {
    const reasons = Object.entries(this.reasons)
      .map(([problem, count]) => `${problem}: ${count}`)
      .join(', ');
    return `read ${this.pairs} pairs, skipped ${this.skipped}${reasons ? ` (${reasons})` : ''}`;
  }
}
