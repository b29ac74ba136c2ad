import type { Attention } from '@heed/core';
import type { OptionSchema, OptionsOf } from './options';

/** The sizes every attention is built with. */
export interface AttentionDimensions {
  /** dq, the query feature size. */
  queryDim: number;
  /** dk, the key feature size. */
  keyDim: number;
  /** dv, the value feature size. Defaults to `keyDim`. */
  valueDim?: number;
  /** Seed of the initialisers and of dropout. Defaults to 0. */
  seed?: number;
}

/** Finds a registered variant by type name; undefined for an unknown one. */
export type VariantLookup = (type: string) => AttentionVariant | undefined;

/**
 * A registered attention: its type name, its option schema and how to build
 * it. Made with `defineAttention` in the variant's own file and added with
 * `registerAttention`.
 */
export interface AttentionVariant<
  Type extends string = string,
  Options = Record<string, unknown>,
  Instance extends Attention = Attention,
> {
  readonly type: Type;
  /** The options besides the sizes and seed: names, checks and defaults. */
  readonly options: OptionSchema;
  /**
   * The full schema when some options bring others with them (local
   * attention takes its score's options too). Defaults to `options`.
   * @param given the options given so far, by name.
   */
  optionsFor?(given: Readonly<Record<string, unknown>>, lookup: VariantLookup): OptionSchema;
  /**
   * Builds the attention.
   * @param lookup finds another registered variant (local attention wraps one).
   */
  create(config: { type: Type } & Options & AttentionDimensions, lookup: VariantLookup): Instance;
}

/**
 * Declares a variant from its schema, so the option types come from the same
 * object that validates them:
 *
 * ```ts
 * export const cosine = defineAttention({
 *   type: 'cosine',
 *   options: { temperature: numberInRange(1e-3, 1e3, 1), ...scoredOptions },
 *   create: (config) => new CosineAttention(config),
 * });
 * ```
 */
export function defineAttention<
  const Type extends string,
  Schema extends OptionSchema,
  Instance extends Attention,
>(variant: {
  type: Type;
  options: Schema;
  optionsFor?(given: Readonly<Record<string, unknown>>, lookup: VariantLookup): OptionSchema;
  create(
    config: { type: Type } & OptionsOf<Schema> & AttentionDimensions,
    lookup: VariantLookup,
  ): Instance;
}): AttentionVariant<Type, OptionsOf<Schema>, Instance> {
  return variant;
}
