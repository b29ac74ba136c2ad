import type { Attention } from '@heed/core';
import type { additive } from './additive-attention';
import type { concat } from './concat-attention';
import type { dot, scaledDot } from './dot-attention';
import type { general } from './general-attention';
import type { localMonotonic, localPredictive } from './local-attention';
import type { multihead } from './multihead-attention';
import type { none } from './no-attention';
import type { AttentionDimensions, AttentionVariant } from './variant';

/**
 * Every registered attention type, by name, as its `defineAttention` result.
 * A user's variant is added by declaration merging, after which its options
 * type-check everywhere an attention config is accepted:
 *
 * ```ts
 * declare module '@heed/attention' {
 *   interface AttentionTypes { cosine: typeof cosine }
 * }
 * ```
 */
export interface AttentionTypes {
  additive: typeof additive;
  dot: typeof dot;
  'scaled-dot': typeof scaledDot;
  general: typeof general;
  concat: typeof concat;
  'local-m': typeof localMonotonic;
  'local-p': typeof localPredictive;
  multihead: typeof multihead;
  none: typeof none;
}

/** A type name `AttentionTypes` declares. */
export type AttentionType = keyof AttentionTypes & string;

/** The options (besides the sizes) of the attention `T`. */
export type AttentionOptions<T extends AttentionType> = AttentionTypes[T] extends AttentionVariant<
  string,
  infer Options,
  Attention
>
  ? Options
  : never;

/** What `createAttention` returns for `type`: the variant's class when declared, else `Attention`. */
export type AttentionFor<T extends string> = T extends AttentionType
  ? AttentionTypes[T] extends AttentionVariant<string, unknown, infer Instance>
    ? Instance
    : never
  : Attention;

/**
 * An attention without its sizes, as a model takes it (`RnnSeq2Seq`'s
 * `attention`, the Transformer's `crossAttention`): `{ type, ...options }`,
 * one member per declared type.
 */
export type AttentionSpec = {
  [T in AttentionType]: { type: T } & AttentionOptions<T>;
}[AttentionType];

/** An attention with its sizes: what `createAttention` takes for a declared type. */
export type AttentionConfig = AttentionSpec & AttentionDimensions;

/**
 * What `createAttention` takes for `type`: the declared options for a
 * declared type; any options for a type known only at run time (checked then
 * against the registered schema).
 */
export type AttentionConfigFor<T extends string> = T extends AttentionType
  ? { type: T } & AttentionOptions<T> & AttentionDimensions
  : { type: T } & AttentionDimensions & Readonly<Record<string, unknown>>;
