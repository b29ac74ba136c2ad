import { CorpusError, type CorpusIssue } from '../errors';
import type { SentencePair } from '../types';
import { SkipReport } from './skip-report';

export interface ReaderOptions {
  /**
   * Throw a `CorpusError` at the first malformed line (true), or skip it and
   * count it in `reader.report` (false). Defaults to true.
   */
  strict?: boolean;
  /** Longest line accepted, in bytes of UTF-8. Defaults to 1 MiB (1048576). */
  maxLineBytes?: number;
  /** Called for every skipped line in skip mode. */
  onSkip?: (issue: CorpusIssue) => void;
}

/** Reports a problem: throws in strict mode, records it otherwise. */
export type IssueHandler = (issue: CorpusIssue, count?: number) => void;

/**
 * A corpus read lazily, line by line: iterate it with `for await`. After
 * (or during) iteration, `report` says how many pairs were read and, in skip
 * mode, how many lines were skipped and why. Each iteration reads the files
 * again and starts a fresh report.
 */
export class PairReader<T extends SentencePair = SentencePair> implements AsyncIterable<T> {
  report = new SkipReport();

  constructor(
    private readonly options: ReaderOptions,
    private readonly produce: (handle: IssueHandler) => AsyncGenerator<T>,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const report = new SkipReport();
    this.report = report;
    const strict = this.options.strict ?? true;
    const handle: IssueHandler = (issue, count = 1) => {
      if (strict) throw new CorpusError(issue);
      report.record(issue, count);
      this.options.onSkip?.(issue);
    };
    for await (const pair of this.produce(handle)) {
      report.pairs++;
      yield pair;
    }
  }

  /** Reads everything into memory. */
  async toArray(): Promise<T[]> {
    const pairs: T[] = [];
    for await (const pair of this) pairs.push(pair);
    return pairs;
  }
}
