import { HeedError, invalidArgument } from '@heed/core';
import { additive } from './additive-attention';
import { concat } from './concat-attention';
import type { AttentionConfigFor, AttentionFor, AttentionSpec } from './config';
import { dot, scaledDot } from './dot-attention';
import { general } from './general-attention';
import { localMonotonic, localPredictive } from './local-attention';
import { multihead } from './multihead-attention';
import { none } from './no-attention';
import { assertOptionNames, type OptionSchema, parseOption } from './options';
import type { AttentionVariant } from './variant';

/** The variants every registry starts with, in the order `attentionTypes()` lists them. */
export const BUILT_IN_VARIANTS: readonly AttentionVariant[] = [
  additive,
  dot,
  scaledDot,
  general,
  concat,
  localMonotonic,
  localPredictive,
  multihead,
  none,
];

const variants = new Map<string, AttentionVariant>(
  BUILT_IN_VARIANTS.map((variant) => [variant.type, variant]),
);
const lookup = (type: string) => variants.get(type);
const SIZE_KEYS = new Set(['type', 'queryDim', 'keyDim', 'valueDim', 'seed']);

/** The registered variant named `type`; throws listing the known types. */
export function attentionVariant(type: string, owner = 'createAttention'): AttentionVariant {
  const variant = typeof type === 'string' ? variants.get(type) : undefined;
  if (!variant) {
    throw invalidArgument(
      owner,
      'type',
      `must be one of ${attentionTypes()
        .map((known) => `'${known}'`)
        .join(', ')}`,
      type,
    );
  }
  return variant;
}

/** Every option `type` takes with `given` (local attention adds its score's). */
export function attentionOptionSchema(type: string, given: object = {}): OptionSchema {
  const variant = attentionVariant(type, 'attentionOptionSchema');
  return variant.optionsFor?.(optionsOnly(given), lookup) ?? variant.options;
}

/**
 * Builds the attention `config.type` names. Options are checked against that
 * type's schema: one it does not have is an error naming the known ones.
 * `createAttention(a.getConfig())` rebuilds `a` with the same weights. For a
 * literal `type` the options and the returned class are typed (`AttentionTypes`);
 * for a type known only at run time it returns `Attention`.
 */
export function createAttention<T extends string>(config: AttentionConfigFor<T>): AttentionFor<T> {
  if (config === null || typeof config !== 'object') {
    throw invalidArgument('createAttention', 'config', 'must be an object', config);
  }
  const variant = attentionVariant(config.type);
  const given = optionsOnly(config);
  assertOptionNames(
    'createAttention',
    variant.optionsFor?.(given, lookup) ?? variant.options,
    Object.keys(given),
  );
  return variant.create(
    config as Parameters<AttentionVariant['create']>[0],
    lookup,
  ) as AttentionFor<T>;
}

/**
 * Adds a variant made with `defineAttention`, so `createAttention({ type, … })`
 * and everything built on it (models, checkpoints, the command line, layers)
 * can use it. Built-in and already registered names cannot be replaced.
 * @returns a function that removes it again (tests, hot reload).
 */
export function registerAttention(variant: AttentionVariant): () => void {
  if (variant === null || typeof variant !== 'object' || typeof variant.create !== 'function') {
    throw invalidArgument(
      'registerAttention',
      'variant',
      'must be an object made by defineAttention',
      variant,
    );
  }
  const { type } = variant;
  if (typeof type !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(type)) {
    throw invalidArgument(
      'registerAttention',
      'type',
      'must be a non-empty name of letters, digits and dashes',
      type,
    );
  }
  if (variants.has(type)) {
    throw new HeedError(`registerAttention: type '${type}' is already registered`);
  }
  variants.set(type, variant);
  return () => {
    if (variants.get(type) === variant) variants.delete(type);
  };
}

/** The names `createAttention` accepts, built-in ones first. */
export function attentionTypes(): string[] {
  return [...variants.keys()];
}

/** Options of `parseAttentionOptions`. */
export interface ParseAttentionOptions {
  /** Names the source in error messages (e.g. `--attention-option`). Defaults to `parseAttentionOptions`. */
  owner?: string;
  /**
   * Options already chosen elsewhere (a config file), which decide the
   * schema where options bring others (local attention's `score`). Defaults to none.
   */
  given?: Readonly<Record<string, unknown>>;
}

/**
 * An attention spec from text, as a command line gives it: `type` and
 * `key=value` assignments, each read by the option's kind (`units=64`,
 * `useBias=false`, `score=concat`) and checked by the schema.
 */
export function parseAttentionOptions(
  type: string,
  assignments: readonly string[],
  options: ParseAttentionOptions = {},
): AttentionSpec {
  const owner = options.owner ?? 'parseAttentionOptions';
  attentionVariant(type, owner);
  const texts = new Map<string, string>();
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    if (separator <= 0) {
      throw new HeedError(
        `${owner}: an option must be written key=value. Received: '${assignment}'`,
      );
    }
    texts.set(assignment.slice(0, separator).trim(), assignment.slice(separator + 1).trim());
  }
  const schema = attentionOptionSchema(type, {
    ...options.given,
    ...Object.fromEntries(texts),
  });
  const spec: Record<string, unknown> = { type };
  for (const [name, text] of texts) {
    spec[name] = parseOption(`${owner} (${type})`, schema, name, text);
  }
  return spec as AttentionSpec;
}

/**
 * Checks a spec read from JSON (a config file, a checkpoint): a registered
 * `type`, option names its schema has, and values its checks accept. Sizes
 * are not checked here (the model fills them in).
 * @param owner Names the source in error messages.
 */
export function checkAttentionSpec(value: unknown, owner: string): AttentionSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(owner, 'attention', 'must be an object with a type', value);
  }
  const spec = value as Record<string, unknown>;
  const type = spec.type;
  if (typeof type !== 'string') {
    throw invalidArgument(owner, 'attention.type', 'must be a string', type);
  }
  attentionVariant(type, owner);
  const given = optionsOnly(spec);
  const schema = attentionOptionSchema(type, given);
  assertOptionNames(`${owner} (${type})`, schema, Object.keys(given));
  for (const [name, option] of Object.entries(given)) {
    schema[name]!.check(`${owner} (${type})`, name, option);
  }
  return spec as AttentionSpec;
}

/** The options one config shared between every type before each type checked its own. */
const FORMERLY_SHARED = [
  'units',
  'heads',
  'window',
  'score',
  'gaussian',
  'normalize',
  'useBias',
  'scale',
  'dropout',
];

/**
 * A spec as checkpoints saved it before each type checked its own options
 * (they could carry, say, `heads` and `window` for `additive`, which ignored
 * them): the same spec without the formerly shared options its type does not
 * have, so those checkpoints load with the same weights. Any other option is
 * kept, for `createAttention` to refuse. Models apply it when loading.
 */
export function upgradeAttentionSpec<Spec extends { type: string }>(spec: Spec): Spec {
  if (spec === null || typeof spec !== 'object' || !variants.has(spec.type)) return spec;
  const schema = attentionOptionSchema(spec.type, spec);
  return Object.fromEntries(
    Object.entries(spec).filter(
      ([name]) => !FORMERLY_SHARED.includes(name) || Object.hasOwn(schema, name),
    ),
  ) as Spec;
}

/** `config` without `type`, the sizes and the seed. */
function optionsOnly(config: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(([name, value]) => !SIZE_KEYS.has(name) && value !== undefined),
  );
}
