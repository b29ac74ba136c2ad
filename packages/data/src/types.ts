/** One aligned sentence pair: `source` is translated into `target`. */
export interface SentencePair {
  source: string;
  target: string;
}

/** A named, in-memory parallel corpus. */
export interface Corpus {
  name: string;
  pairs: SentencePair[];
}
