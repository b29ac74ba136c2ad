import {
  assertBoolean,
  assertOneOf,
  assertPositiveInteger,
  assertPositiveNumber,
  formatValue,
} from '@heed/core';
import { EARLY_STOPPING_RULES, type EarlyStopping } from '@heed/decoding';
import { readJsonObject } from '@heed/recipe/node';
import { NmtError } from '../errors';

/** The decoding settings a `translate`/`eval`/`heatmap` config file may hold (the flags' camelCase names). */
export interface DecodingConfig {
  beam?: number;
  nbest?: number;
  lengthPenalty?: number;
  earlyStopping?: EarlyStopping;
  refill?: boolean;
  pruneMargin?: number;
  maxLength?: number;
  batchSize?: number;
}

export const DECODING_CONFIG_KEYS: readonly (keyof DecodingConfig)[] = [
  'beam',
  'nbest',
  'lengthPenalty',
  'earlyStopping',
  'refill',
  'pruneMargin',
  'maxLength',
  'batchSize',
];

/**
 * Reads a JSON decoding config file (`{ "beam": 5, "earlyStopping": "never",
 * "refill": false }`). A missing file, invalid JSON, an unknown field or a
 * bad value is a one-line error naming the file and the field.
 */
export async function readDecodingConfig(path: string): Promise<DecodingConfig> {
  const config = await readJsonObject(path, DECODING_CONFIG_KEYS);
  for (const key of ['beam', 'nbest', 'maxLength', 'batchSize'] as const) {
    if (config[key] !== undefined) assertPositiveInteger(path, key, config[key]);
  }
  const alpha = config.lengthPenalty;
  if (alpha !== undefined && (typeof alpha !== 'number' || !Number.isFinite(alpha))) {
    throw new NmtError(
      `${path}: lengthPenalty must be a finite number. Received: lengthPenalty=${formatValue(alpha)}`,
    );
  }
  if (config.earlyStopping !== undefined) {
    assertOneOf(path, 'earlyStopping', config.earlyStopping, EARLY_STOPPING_RULES);
  }
  if (config.refill !== undefined) assertBoolean(path, 'refill', config.refill);
  if (config.pruneMargin !== undefined)
    assertPositiveNumber(path, 'pruneMargin', config.pruneMargin);
  return config as DecodingConfig;
}
