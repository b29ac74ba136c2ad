/** What `greedyDecode` and `sample` return, one entry per source sentence. */
export interface DecodeResult {
  /** Generated ids, without BOS and without the final EOS. */
  tokens: number[][];
  /** log P(tokens, EOS | source) under the model: the EOS's log-prob is included when generated. */
  scores: number[];
  /** Whether each sentence ended with EOS (false: it reached `maxLength`). */
  reachedEos: boolean[];
  /**
   * `[sentence][step][S]` attention over the (padded) source, one row per
   * generated token plus one for the EOS step when `reachedEos`; only with
   * `returnAttention`.
   */
  attention?: number[][][];
}
