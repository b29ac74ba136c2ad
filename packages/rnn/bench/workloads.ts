/**
 * The reference workloads of the rnn benchmarks: W-small and W-base (sizes of
 * the GRU encoder, the Bahdanau decoder and the synthetic batches).
 */
export const WORKLOADS = {
  small: {
    vocab: 2000,
    embed: 128,
    hidden: 128,
    layers: 1,
    bidirectional: false,
    decoder: 128,
    units: 128,
    batch: 32,
    length: 12,
  },
  base: {
    vocab: 8000,
    embed: 256,
    hidden: 256,
    layers: 2,
    bidirectional: true,
    decoder: 512,
    units: 512,
    batch: 64,
    length: 20,
  },
} as const;

/** A workload's size. */
export type Workload = (typeof WORKLOADS)[keyof typeof WORKLOADS];

/**
 * The `RnnSeq2Seq` config both benchmarks build for `size`: a GRU encoder, a
 * Bahdanau-placement GRU decoder with additive attention, a linear bridge.
 */
export function workloadModelConfig(size: Workload) {
  return {
    sourceVocabSize: size.vocab,
    targetVocabSize: size.vocab,
    encoder: {
      embeddingDim: size.embed,
      hiddenSize: size.hidden,
      layers: size.layers,
      bidirectional: size.bidirectional,
    },
    decoder: { embeddingDim: size.embed, hiddenSize: size.decoder, placement: 'bahdanau' as const },
    attention: { type: 'additive' as const, units: size.units },
    bridge: 'linear' as const,
    seed: 0,
  };
}
