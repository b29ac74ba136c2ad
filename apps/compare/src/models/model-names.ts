import { CompareError } from '../errors';

/**
 * The models a comparison can train: an RNN encoder–decoder with each
 * attention (`none` is the fixed-vector baseline of Bahdanau et al. 2014),
 * and a Transformer sized to the RNN with additive attention.
 */
export const MODEL_NAMES = [
  'none',
  'additive',
  'dot',
  'general',
  'concat',
  'local-m',
  'local-p',
  'multihead',
  'transformer',
] as const;

export type ModelName = (typeof MODEL_NAMES)[number];

/** The model whose parameter count the Transformer is sized to. */
export const REFERENCE_MODEL: ModelName = 'additive';

/** Parses one model name given to `flag`; throws naming the known ones. */
export function parseModel(flag: string, text: string): ModelName {
  const name = text.trim();
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new CompareError(
      `${flag}: unknown model '${name}'. Known models: ${MODEL_NAMES.join(', ')}`,
    );
  }
  return name as ModelName;
}

/**
 * Parses `--models`: comma-separated names, `all`, or `rnn` (every RNN
 * variant). Returns them in the canonical order, without duplicates.
 */
export function parseModels(text: string): ModelName[] {
  const wanted = new Set<ModelName>();
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (name === 'all') {
      for (const model of MODEL_NAMES) wanted.add(model);
    } else if (name === 'rnn') {
      for (const model of MODEL_NAMES) if (model !== 'transformer') wanted.add(model);
    } else if ((MODEL_NAMES as readonly string[]).includes(name)) {
      wanted.add(name as ModelName);
    } else {
      throw new CompareError(
        `--models: unknown model '${name}'. Known models: ${MODEL_NAMES.join(', ')} (or all, rnn)`,
      );
    }
  }
  if (wanted.size === 0) throw new CompareError('--models: name at least one model');
  return MODEL_NAMES.filter((name) => wanted.has(name));
}
