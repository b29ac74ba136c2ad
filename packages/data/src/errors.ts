import { HeedError } from '@heed/core';

/** What can be wrong with a line of a corpus file. */
export type CorpusProblem =
  | 'empty-line'
  | 'missing-tab'
  | 'too-many-fields'
  | 'empty-field'
  | 'invalid-utf8'
  | 'control-character'
  | 'line-too-long'
  | 'line-count-mismatch'
  | 'unreadable-file';

/** One problem found while reading: where, what, and a readable description. */
export interface CorpusIssue {
  file: string;
  /** 1-based line number. */
  line: number;
  problem: CorpusProblem;
  detail: string;
}

/** Thrown in strict mode: names the file, the line and the problem (`deu.txt:17: missing tab …`). */
export class CorpusError extends HeedError {
  readonly file: string;
  readonly line: number;
  readonly problem: CorpusProblem;

  constructor(issue: CorpusIssue, options?: { cause?: unknown }) {
    super(`${issue.file}:${issue.line}: ${issue.detail}`, options);
    this.name = 'CorpusError';
    this.file = issue.file;
    this.line = issue.line;
    this.problem = issue.problem;
  }
}
