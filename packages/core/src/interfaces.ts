import type * as tf from '@tensorflow/tfjs-core';
import type { ModuleLike } from './module';
import type { TensorTree } from './tensor-tree';

/** Special token ids shared by every heed package. */
export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;

/**
 * The key side of attention, computed once per batch by `Attention.prepare`.
 * Every tensor is batch-major (axis 0 = b), so `gatherRows` can tile it for
 * beams, and every tensor but `lengths` has source positions on axis 1, so
 * `appendMemory` can extend it (incremental self-attention).
 */
export interface AttentionMemory {
  /** `[b, S, dk]`. */
  readonly keys: tf.Tensor3D;
  /** `[b, S, dv]`. */
  readonly values: tf.Tensor3D;
  /** `[b, S]` float32, 1 = real token. Absent means nothing is masked. */
  readonly mask?: tf.Tensor2D;
  /** `[b]` int32 true source lengths (local-p needs them). */
  readonly lengths?: tf.Tensor1D;
  /** Variant-specific key-side tensors (e.g. `W1·k` for additive), each `[b, S, ...]`. */
  readonly cache: Readonly<Record<string, tf.Tensor>>;
}

/** Per-call options of `Attention.attend`. */
export interface AttendOptions {
  /**
   * `[b, T]` 0-based decoder positions (float32 or int32). Local-m centres its
   * window on them; defaults to `0..T-1` for every row.
   */
  positions?: tf.Tensor2D;
  /** Mask key j from query i when j > i + (S − T) (self-attention). Defaults to false. */
  causal?: boolean;
  /** Dropout and other training-only behaviour. Defaults to false. */
  training?: boolean;
  /**
   * Seed of this call's dropout mask, so a pass seeded through
   * `RunOptions.seed` is reproducible (a resumed run draws the same masks).
   * Defaults to the attention's own generator.
   */
  seed?: number;
}

/** What `Attention.attend` returns. */
export interface AttentionResult {
  /** `[b, T, dv]`: Σ_j weights · values; zero for a fully masked row. */
  context: tf.Tensor3D;
  /** `[b, T, S]`: weights over source positions (mean over heads for multihead). */
  weights: tf.Tensor3D;
  /** `[b, h, T, S]`: per-head weights (multihead only). */
  headWeights?: tf.Tensor4D;
}

/**
 * An attention's score written as `vᵀ tanh(keyFeatures + W q)`, so that a
 * fused decoder kernel (core's `bahdanauDecode`) can compute it: what
 * `Attention.additiveScore` offers. Every tensor belongs to the attention or
 * its memory; gradients taken through them reach the attention's parameters.
 */
export interface AdditiveScore {
  /** `[U, dq]`: W, the query projection (PyTorch layout). */
  readonly queryWeight: tf.Tensor2D;
  /** `[U]`: v, after any normalisation. */
  readonly scoreVector: tf.Tensor1D;
  /** `[b, S, U]`: the key side prepared by `prepare`, bias included. */
  readonly keyFeatures: tf.Tensor3D;
}

/** One swappable attention mechanism (see docs/architecture.md, "Attention — one interface"). */
export interface Attention extends ModuleLike {
  /** Registry name, e.g. `additive`. */
  readonly type: string;
  /** dv of the returned context (the output projection size for multihead). */
  readonly contextDim: number;
  /** Key-side work, done once per batch. */
  prepare(
    keys: tf.Tensor3D,
    values: tf.Tensor3D,
    mask?: tf.Tensor2D,
    lengths?: tf.Tensor1D,
  ): AttentionMemory;
  /** @param query `[b, T, dq]`, T ≥ 1. */
  attend(query: tf.Tensor3D, memory: AttentionMemory, options?: AttendOptions): AttentionResult;
  /**
   * Optional capability: this attention's score over `memory` as an
   * `AdditiveScore`, when `attend(query, memory, options)` is exactly the
   * masked softmax of `vᵀ tanh(keyFeatures + W q)` over `memory.mask`
   * followed by `Σ weights · values`; undefined when it is not (for example
   * with dropout on the weights while training). Decoders use it to run a
   * fused kernel instead of calling `attend` step by step.
   */
  additiveScore?(memory: AttentionMemory, options?: AttendOptions): AdditiveScore | undefined;
}

/** A decoder's recurrent state: any batch-major tensor tree. */
export type DecoderState = TensorTree;

/** What `Seq2SeqModel.encode` returns; every tensor in it is batch-major. */
export interface Encoded {
  /** Prepared attention memory over the encoder outputs. */
  readonly memory: AttentionMemory;
  /** `[b, S]` float32 source mask. */
  readonly mask: tf.Tensor2D;
  /** `[b]` int32 source lengths. */
  readonly lengths: tf.Tensor1D;
  /** The decoder state before the first step. */
  readonly initialState: DecoderState;
  /** Model-specific extras (e.g. per-layer memories): any nesting, every tensor batch-major. */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/** One decoding step's output. */
export interface StepResult {
  /** `[b, V]` unnormalised scores of the next token. */
  logits: tf.Tensor2D;
  state: DecoderState;
  /** `[b, S]` attention over the source at this step, when the model has any. */
  attention?: tf.Tensor2D;
}

/** Teacher-forced output. */
export interface ForwardResult {
  /** `[b, T, V]`. */
  logits: tf.Tensor3D;
  /** `[b, T, H]`: the vectors the output projection is applied to. */
  hidden: tf.Tensor3D;
  /** `[b, T, S]`. */
  attention?: tf.Tensor3D;
}

/** Teacher-forced output without the output layer (`Seq2SeqModel.forwardHidden`). */
export type HiddenResult = Omit<ForwardResult, 'logits'>;

/** Options for `encode` and `forward`. */
export interface RunOptions {
  /** Dropout on. Defaults to false. */
  training?: boolean;
  /**
   * Seed of this pass's randomness (dropout masks, scheduled sampling), so a
   * trainer that saves its own generator resumes bit-for-bit. Defaults to the
   * model's own stream.
   */
  seed?: number;
  /**
   * Scheduled sampling (Bengio et al. 2015): the probability of feeding the
   * model's own previous prediction instead of the reference token, for models
   * that support it. Defaults to 0 (teacher forcing).
   */
  samplingProbability?: number;
}

/** The output layer `logits = hidden · kernel + bias`, exposed for sampled softmax. */
export interface OutputProjection {
  /** `[H, V]`. */
  readonly kernel: tf.Variable;
  /** `[V]`. */
  readonly bias: tf.Variable;
}

/** What decoding and training talk to; RNN and Transformer models implement it. */
export interface Seq2SeqModel extends ModuleLike {
  readonly sourceVocabSize: number;
  readonly targetVocabSize: number;
  readonly outputProjection: OutputProjection;
  /**
   * @param source `[b, S]` int32 token ids, PAD = 0 after each sequence's end.
   * @param sourceLengths `[b]` int32.
   */
  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D, options?: RunOptions): Encoded;
  /** @param previousTokens `[b]` int32 (BOS at the first step). */
  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult;
  /** Picks or repeats rows of `state` (beam search). @param indices `[b']` int32. */
  reorder(state: DecoderState, indices: tf.Tensor1D): DecoderState;
  /** @param targetInput `[b, T]` int32 (BOS-prefixed targets). */
  forward(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options?: RunOptions,
  ): ForwardResult;
  /**
   * Optional: `forward` without the output layer, for losses that apply
   * `outputProjection` to a few columns themselves (sampled softmax): the
   * same `hidden` and `attention`, without the `[b, T, V]` logits.
   */
  forwardHidden?(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options?: RunOptions,
  ): HiddenResult;
}
