import { attentionTypes, checkAttentionSpec, parseAttentionOptions } from '@heed/attention';
import {
  assertBoolean,
  assertInRange,
  assertOneOf,
  assertPositiveInteger,
  formatValue,
} from '@heed/core';
import { DURATION_WITH_UNIT } from './duration';
import { RecipeError } from './errors';
import {
  ARCHITECTURES,
  attentionOf,
  BACKEND_NAMES,
  CELLS,
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  flagName,
  LOSSES,
  PLACEMENTS,
  type RecipeConfig,
  SCHEDULES,
  TOKENIZER_KINDS,
} from './recipe-config';

const OWNER = 'config';

/**
 * Merges config layers over the defaults, later layers winning (defaults ←
 * config file ← flags); `undefined` fields leave the value below in place.
 * `attentionOptions` merge option by option: an object (a config file, a
 * checkpoint) as it is, a list of `key=value` texts (the flags) read by the
 * final attention type's schema. Validates the result: unknown fields, wrong
 * types, out-of-range numbers, unknown attention types and options the type
 * does not have are one-line errors.
 */
export function resolveConfig(...layers: Partial<Record<string, unknown>>[]): RecipeConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const optionLayers: unknown[] = [];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
        throw new RecipeError(
          `${OWNER}: unknown field '${key}'. Known fields: ${CONFIG_KEYS.join(', ')}`,
        );
      }
      if (value === undefined) continue;
      if (key === 'attentionOptions') optionLayers.push(value);
      else merged[key] = value;
    }
  }
  if (optionLayers.length > 0) {
    if (merged.attention !== undefined) assertAttentionType(merged.attention as string);
    const type = attentionOf(merged as Pick<RecipeConfig, 'arch' | 'attention'>);
    let options: Record<string, unknown> = {};
    for (const layer of optionLayers) {
      const parsed = Array.isArray(layer)
        ? withoutType(
            parseAttentionOptions(type, layer, { owner: '--attention-option', given: options }),
          )
        : layer;
      options = { ...options, ...(parsed as Record<string, unknown>) };
    }
    merged.attentionOptions = options;
  }
  return validateConfig(merged);
}

/** A spec's options, without its `type`. */
function withoutType(spec: { type: string }): Record<string, unknown> {
  const { type: _type, ...options } = spec;
  return options;
}

/** Checks every field of a merged config and returns it typed. */
export function validateConfig(config: Record<string, unknown>): RecipeConfig {
  for (const key of [
    'data',
    'src',
    'tgt',
    'validSrc',
    'validTgt',
    'testSrc',
    'testTgt',
    'attention',
  ] as const) {
    const value = config[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw invalid(key, 'must be a non-empty string', value);
    }
  }
  for (const key of ['reverse', 'lowercase'] as const) {
    assertBoolean(OWNER, key, config[key]);
  }
  if (config.bidirectional !== undefined)
    assertBoolean(OWNER, 'bidirectional', config.bidirectional);
  for (const key of [
    'maxLength',
    'vocabSize',
    'layers',
    'embed',
    'hidden',
    'heads',
    'window',
    'numSampled',
    'batchTokens',
    'evalSentences',
  ] as const) {
    assertPositiveInteger(OWNER, key, config[key]);
  }
  for (const key of [
    'corpusSize',
    'feedForward',
    'epochs',
    'steps',
    'threads',
    'decoderHidden',
    'validSample',
    'warmup',
  ] as const) {
    if (config[key] !== undefined) assertPositiveInteger(OWNER, key, config[key]);
  }
  for (const key of ['validShare', 'testShare'] as const) {
    const value = config[key];
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      (value >= 1 && !Number.isInteger(value))
    ) {
      throw invalid(key, 'must be a fraction in [0, 1) or a whole number of pairs', value);
    }
  }
  assertEvaluationInterval(config.evalEvery);
  if (config.dropout !== undefined) assertInRange(OWNER, 'dropout', config.dropout, 0, 0.99);
  assertInRange(OWNER, 'labelSmoothing', config.labelSmoothing, 0, 0.99);
  const decay = config.averageDecay;
  if (typeof decay !== 'number' || !(decay >= 0 && decay < 1)) {
    throw invalid('averageDecay', 'must be a number in [0, 1) (0: no averaging)', decay);
  }
  positive('lr', config.lr);
  if (config.time !== undefined) positive('time', config.time);
  if (typeof config.clipNorm !== 'number' || !(config.clipNorm >= 0)) {
    throw invalid('clipNorm', 'must be a number ≥ 0', config.clipNorm);
  }
  if (typeof config.seed !== 'number' || !Number.isInteger(config.seed)) {
    throw invalid('seed', 'must be an integer', config.seed);
  }
  assertOneOf(OWNER, 'tokenizer', config.tokenizer, TOKENIZER_KINDS);
  assertOneOf(OWNER, 'arch', config.arch, ARCHITECTURES);
  assertOneOf(OWNER, 'cell', config.cell, CELLS);
  assertOneOf(OWNER, 'placement', config.placement, PLACEMENTS);
  assertOneOf(OWNER, 'loss', config.loss, LOSSES);
  assertOneOf(OWNER, 'schedule', config.schedule, SCHEDULES);
  assertOneOf(OWNER, 'backend', config.backend, BACKEND_NAMES);
  if (config.attention !== undefined) assertAttentionType(config.attention as string);
  if (config.arch === 'transformer' && config.decoderHidden !== undefined) {
    throw new RecipeError(
      `${OWNER}: decoderHidden (--decoder-hidden) applies to the RNN; the Transformer has one width, hidden. Received: decoderHidden=${config.decoderHidden}`,
    );
  }
  assertAttentionOptions(config);
  if (config.arch === 'transformer' && (config.hidden as number) % (config.heads as number) !== 0) {
    throw new RecipeError(
      `${OWNER}: hidden (${config.hidden}) must be divisible by heads (${config.heads}) for the Transformer`,
    );
  }
  if ((config.src === undefined) !== (config.tgt === undefined)) {
    throw new RecipeError(`${OWNER}: --src and --tgt go together; give both or neither`);
  }
  if ((config.validSrc === undefined) !== (config.validTgt === undefined)) {
    throw new RecipeError(
      `${OWNER}: --valid-src and --valid-tgt go together; give both or neither`,
    );
  }
  if ((config.testSrc === undefined) !== (config.testTgt === undefined)) {
    throw new RecipeError(`${OWNER}: --test-src and --test-tgt go together; give both or neither`);
  }
  if (config.data !== undefined && config.src !== undefined) {
    throw new RecipeError(`${OWNER}: give either --data or --src/--tgt, not both`);
  }
  return config as unknown as RecipeConfig;
}

/** Throws a one-line error listing the known types unless `type` is a registered attention. */
export function assertAttentionType(type: string): void {
  const known = attentionTypes();
  if (!known.includes(type)) {
    throw new RecipeError(`unknown attention type '${type}'. Known types: ${known.join(', ')}`);
  }
}

/** `evalEvery`: a positive whole number of updates, a duration with its unit (`'90s'`), or `'auto'`. */
function assertEvaluationInterval(value: unknown): void {
  if (value === 'auto') return;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return;
  if (typeof value === 'string' && DURATION_WITH_UNIT.test(value) && Number.parseFloat(value) > 0) {
    return;
  }
  throw invalid(
    'evalEvery',
    "must be a positive number of updates, a duration ending in s, m or h ('90s', '2m'), or 'auto'",
    value,
  );
}

/** Throws unless `attentionOptions` is an object of options the attention type has, with values it accepts. */
function assertAttentionOptions(config: Record<string, unknown>): void {
  const options = config.attentionOptions;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new RecipeError(
      `${OWNER}: attentionOptions (--attention-option) must be an object of option values. Received: attentionOptions=${formatValue(options)}`,
    );
  }
  for (const reserved of ['type', 'queryDim', 'keyDim', 'valueDim', 'seed']) {
    if (Object.hasOwn(options, reserved)) {
      throw new RecipeError(
        `${OWNER}: attentionOptions must not set '${reserved}': the type is --attention, the model sets the sizes and the seed`,
      );
    }
  }
  const type = attentionOf(config as Pick<RecipeConfig, 'arch' | 'attention'>);
  checkAttentionSpec({ ...options, type }, `${OWNER}: attentionOptions`);
}

function positive(key: keyof RecipeConfig, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(key, 'must be a positive number', value);
  }
}

function invalid(key: string, requirement: string, value: unknown): RecipeError {
  return new RecipeError(
    `${OWNER}: ${key} (${flagName(key)}) ${requirement}. Received: ${key}=${formatValue(value)}`,
  );
}
