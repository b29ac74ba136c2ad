import {
  assertInRange,
  assertKnownKeys,
  assertNonNegativeInteger,
  assertPositiveInteger,
  invalidArgument,
} from '@heed/core';
import { DEFAULT_CONFIG, resolveConfig } from '@heed/recipe';
import { CompareError } from '../errors';
import {
  COMPARE_DEFAULTS,
  CONFIG_FIELDS,
  type CompareConfig,
  SHARED_KEYS,
  type SharedKey,
} from './compare-config';
import { PRESETS, type PresetName } from './presets';

const OWNER = 'config';

/**
 * Builds the comparison's config: heed-nmt's defaults and the comparison's
 * own ← the preset ← the flags. A flag that picks the budget (`steps`,
 * `time`) replaces the preset's budget, and a flag that picks the data
 * (`data`, or `src`/`tgt`) replaces the preset's data, rather than adding to
 * them. Every field is validated; the shared ones by heed-nmt's rules.
 */
export function resolveCompareConfig(
  preset: PresetName | undefined,
  flags: Partial<CompareConfig> = {},
): CompareConfig {
  assertKnownKeys(OWNER, flags, CONFIG_FIELDS as string[]);
  const given = Object.fromEntries(
    Object.entries(flags).filter(([, value]) => value !== undefined),
  ) as Partial<CompareConfig>;
  const settings: Partial<CompareConfig> = { ...(preset ? PRESETS[preset].settings : {}) };
  if (given.steps !== undefined || given.time !== undefined) {
    delete settings.steps;
    delete settings.time;
  }
  if (given.src !== undefined || given.tgt !== undefined) delete settings.data;
  if (given.data !== undefined) {
    delete settings.src;
    delete settings.tgt;
  }
  const defaults = Object.fromEntries(
    SHARED_KEYS.filter((key) => DEFAULT_CONFIG[key] !== undefined).map((key) => [
      key,
      DEFAULT_CONFIG[key],
    ]),
  );
  const merged = { ...defaults, ...COMPARE_DEFAULTS, ...settings, ...given } as CompareConfig;
  validateCompareConfig(merged);
  return merged;
}

/** Checks every field; throws a one-line error naming the field and the flag. */
export function validateCompareConfig(config: CompareConfig): void {
  // The shared fields, by heed-nmt's own rules (an RNN config holds all of them).
  resolveConfig({ ...sharedFields(config), arch: 'rnn' });
  if (config.steps === undefined && config.time === undefined) {
    throw new CompareError(
      `${OWNER}: give a training budget per model: --steps <n> or --time <duration> (or a --preset)`,
    );
  }
  assertPositiveInteger(OWNER, 'transformerLayers', config.transformerLayers);
  if (config.transformerDim !== undefined) {
    assertPositiveInteger(OWNER, 'transformerDim', config.transformerDim);
    if (config.transformerDim % config.heads !== 0) {
      throw new CompareError(
        `${OWNER}: transformerDim (${config.transformerDim}) must be divisible by heads (${config.heads})`,
      );
    }
  }
  if (
    config.transformerLr !== undefined &&
    !(
      typeof config.transformerLr === 'number' &&
      config.transformerLr > 0 &&
      Number.isFinite(config.transformerLr)
    )
  ) {
    throw invalidArgument(
      OWNER,
      'transformerLr',
      'must be a positive number',
      config.transformerLr,
    );
  }
  if (config.testSentences !== undefined) {
    assertPositiveInteger(OWNER, 'testSentences', config.testSentences);
  }
  assertPositiveInteger(OWNER, 'beam', config.beam);
  assertInRange(OWNER, 'lengthPenalty', config.lengthPenalty, 0, 10);
  assertPositiveInteger(OWNER, 'decodeBatch', config.decodeBatch);
  assertNonNegativeInteger(OWNER, 'heatmapSentences', config.heatmapSentences);
  assertPositiveInteger(OWNER, 'heatmapMaxLength', config.heatmapMaxLength);
  assertPositiveInteger(OWNER, 'seeds', config.seeds);
  if (config.patience !== undefined) {
    assertPositiveInteger(OWNER, 'patience', config.patience);
    if (config.validShare === 0 && config.validSrc === undefined) {
      throw new CompareError(
        `${OWNER}: patience (--patience) needs a validation set; raise --valid-share`,
      );
    }
  }
  assertPositiveInteger(OWNER, 'bootstrapSamples', config.bootstrapSamples);
  const buckets = config.buckets;
  if (
    !Array.isArray(buckets) ||
    buckets.length === 0 ||
    buckets.some((edge, i) => !Number.isInteger(edge) || edge < 1 || edge <= (buckets[i - 1] ?? 0))
  ) {
    throw invalidArgument(
      OWNER,
      'buckets',
      'must be increasing positive integers (upper bucket edges, e.g. 10,20,30)',
      buckets,
    );
  }
}

/** The fields a comparison shares with heed-nmt, undefined ones left out. */
export function sharedFields(config: CompareConfig): Partial<Pick<CompareConfig, SharedKey>> {
  return Object.fromEntries(
    SHARED_KEYS.filter((key) => config[key] !== undefined).map((key) => [key, config[key]]),
  );
}
