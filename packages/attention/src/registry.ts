import { type Attention, assertKnownKeys, HeedError, invalidArgument } from '@heed/core';
import { AdditiveAttention } from './additive-attention';
import { ConcatAttention } from './concat-attention';
import { ATTENTION_CONFIG_KEYS, type AttentionConfig } from './config';
import { DotAttention } from './dot-attention';
import { GeneralAttention } from './general-attention';
import { LocalAttention } from './local-attention';
import { MultiheadAttention } from './multihead-attention';
import { NoAttention } from './no-attention';

/** Builds an attention from a config whose `type` names it. */
export type AttentionFactory = (config: AttentionConfig) => Attention;

/**
 * The class `createAttention` returns for each type name, so what it returns
 * can be used without a cast (e.g. `createAttention({ type: 'general', … })
 * .scores(…)`). A registered type can be added by declaration merging:
 * `declare module '@heed/attention' { interface AttentionClasses { cosine: CosineAttention } }`.
 */
export interface AttentionClasses {
  additive: AdditiveAttention;
  dot: DotAttention;
  'scaled-dot': DotAttention;
  general: GeneralAttention;
  concat: ConcatAttention;
  'local-m': LocalAttention;
  'local-p': LocalAttention;
  multihead: MultiheadAttention;
  none: NoAttention;
}

/** What `createAttention` returns for `type`: its class when `AttentionClasses` names it, else `Attention`. */
export type AttentionFor<T extends string> = T extends keyof AttentionClasses
  ? AttentionClasses[T]
  : Attention;

const dimensions = (config: AttentionConfig) => ({
  queryDim: config.queryDim,
  keyDim: config.keyDim,
  valueDim: config.valueDim,
  seed: config.seed,
});

const registry = new Map<string, AttentionFactory>([
  [
    'additive',
    (config) =>
      new AdditiveAttention({
        ...dimensions(config),
        units: config.units,
        useBias: config.useBias,
        normalize: config.normalize,
        dropout: config.dropout,
      }),
  ],
  [
    'dot',
    (config) =>
      new DotAttention({ ...dimensions(config), scale: config.scale, dropout: config.dropout }),
  ],
  [
    'scaled-dot',
    (config) =>
      new DotAttention({
        ...dimensions(config),
        scaled: true,
        scale: config.scale,
        dropout: config.dropout,
      }),
  ],
  [
    'general',
    (config) =>
      new GeneralAttention({ ...dimensions(config), scale: config.scale, dropout: config.dropout }),
  ],
  [
    'concat',
    (config) =>
      new ConcatAttention({
        ...dimensions(config),
        units: config.units,
        useBias: config.useBias,
        dropout: config.dropout,
      }),
  ],
  [
    'local-m',
    (config) =>
      new LocalAttention({
        ...dimensions(config),
        alignment: 'monotonic',
        window: config.window,
        score: config.score,
        gaussian: config.gaussian,
        units: config.units,
        useBias: config.useBias,
        dropout: config.dropout,
      }),
  ],
  [
    'local-p',
    (config) =>
      new LocalAttention({
        ...dimensions(config),
        alignment: 'predictive',
        window: config.window,
        score: config.score,
        gaussian: config.gaussian,
        units: config.units,
        useBias: config.useBias,
        dropout: config.dropout,
      }),
  ],
  [
    'multihead',
    (config) =>
      new MultiheadAttention({
        ...dimensions(config),
        units: config.units,
        heads: config.heads,
        useBias: config.useBias,
        dropout: config.dropout,
      }),
  ],
  ['none', (config) => new NoAttention(dimensions(config))],
]);
const builtIn = new Set(registry.keys());

/**
 * Builds the attention `config.type` names. Built-in types read the options
 * that concern them and ignore the other `AttentionConfig` options; an option
 * `AttentionConfig` does not have is an error. `createAttention(a.getConfig())`
 * rebuilds `a` with the same weights. The return type is the variant's class
 * when `type` is a known literal (`AttentionFor`), `Attention` otherwise.
 */
export function createAttention<T extends string>(
  config: AttentionConfig & { type: T },
): AttentionFor<T> {
  if (config === null || typeof config !== 'object') {
    throw invalidArgument('createAttention', 'config', 'must be an object', config);
  }
  const factory = registry.get(config.type);
  if (!factory) {
    throw invalidArgument(
      'createAttention',
      'type',
      `must be one of ${attentionTypes()
        .map((type) => `'${type}'`)
        .join(', ')}`,
      config.type,
    );
  }
  if (builtIn.has(config.type)) assertKnownKeys('createAttention', config, ATTENTION_CONFIG_KEYS);
  return factory(config) as AttentionFor<T>;
}

/**
 * Adds a user-defined attention under `type`, so `createAttention({ type, … })`
 * (and everything built on it) can use it. Built-in and already registered
 * names cannot be replaced.
 */
export function registerAttention(type: string, factory: AttentionFactory): void {
  if (typeof type !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(type)) {
    throw invalidArgument(
      'registerAttention',
      'type',
      'must be a non-empty name of letters, digits and dashes',
      type,
    );
  }
  if (typeof factory !== 'function') {
    throw invalidArgument('registerAttention', 'factory', 'must be a function', factory);
  }
  if (registry.has(type)) {
    throw new HeedError(`registerAttention: type '${type}' is already registered`);
  }
  registry.set(type, factory);
}

/** The names `createAttention` accepts, built-in ones first. */
export function attentionTypes(): string[] {
  return [...registry.keys()];
}
