import { attentionTypes } from '@heed/attention';
import { CompareError } from '../errors';

/** A model a comparison can train: a registered attention type (in an RNN), or `transformer`. */
export type ModelName = string;

/**
 * The models a comparison can train, read from the attention registry: an
 * RNN encoder–decoder with each registered attention (`none`, the
 * fixed-vector baseline of Bahdanau et al. 2014, first), and a Transformer
 * sized to the RNN with additive attention.
 */
export function modelNames(): ModelName[] {
  const types = attentionTypes();
  return [
    ...types.filter((type) => type === 'none'),
    ...types.filter((type) => type !== 'none'),
    'transformer',
  ];
}

/** The model whose parameter count the Transformer is sized to. */
export const REFERENCE_MODEL: ModelName = 'additive';

/** Parses one model name given to `flag`; throws naming the known ones. */
export function parseModel(flag: string, text: string): ModelName {
  const name = text.trim();
  const known = modelNames();
  if (!known.includes(name)) {
    throw new CompareError(`${flag}: unknown model '${name}'. Known models: ${known.join(', ')}`);
  }
  return name;
}

/**
 * Parses `--models`: comma-separated names, `all`, or `rnn` (every RNN
 * variant). Returns them in the canonical order, without duplicates.
 */
export function parseModels(text: string): ModelName[] {
  const known = modelNames();
  const wanted = new Set<ModelName>();
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (name === 'all') {
      for (const model of known) wanted.add(model);
    } else if (name === 'rnn') {
      for (const model of known) if (model !== 'transformer') wanted.add(model);
    } else if (known.includes(name)) {
      wanted.add(name);
    } else {
      throw new CompareError(
        `--models: unknown model '${name}'. Known models: ${known.join(', ')} (or all, rnn)`,
      );
    }
  }
  if (wanted.size === 0) throw new CompareError('--models: name at least one model');
  return known.filter((name) => wanted.has(name));
}
