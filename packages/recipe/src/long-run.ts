import {
  attentionOf,
  DEFAULT_DROPOUT,
  LONG_RUN_DROPOUT,
  LONG_RUN_FROM,
  type RecipeConfig,
} from './recipe-config';

/** The config fields that decide whether a run is long. */
export type RunLimits = Pick<RecipeConfig, 'time' | 'steps' | 'epochs'>;

/** The config fields that decide the encoder's directions and the dropout. */
export type LongRunModelConfig = RunLimits &
  Pick<RecipeConfig, 'arch' | 'attention' | 'bidirectional' | 'dropout'>;

/**
 * A long run: `time` is its only limit and it is at least `LONG_RUN_FROM`
 * seconds. The `auto` settings spend it differently from a short one (a
 * cosine schedule; for an RNN with additive attention, a bidirectional
 * encoder and more dropout), as the 60-minute Multi30k runs chose
 * (apps/nmt/bench/README.md).
 */
export function isLongRun(config: RunLimits): boolean {
  return (
    config.time !== undefined &&
    config.time >= LONG_RUN_FROM &&
    config.steps === undefined &&
    config.epochs === undefined
  );
}

/**
 * Whether a long run's larger model applies: an RNN with additive attention
 * (the measured one; additive attention takes keys of any width, so the
 * bidirectional encoder's 2·hidden fits every decoder).
 */
function takesLongRunModel(config: LongRunModelConfig): boolean {
  return config.arch === 'rnn' && attentionOf(config) === 'additive' && isLongRun(config);
}

/**
 * `bidirectional` itself or, unset, true for a long run of an RNN with
 * additive attention (on Multi30k, 60 minutes on one core, with
 * `LONG_RUN_DROPOUT`: test BLEU 31.80 greedy / 34.15 beam 5 against 28.86 /
 * 32.22 for the unidirectional encoder with dropout 0.1).
 */
export function encoderIsBidirectional(config: LongRunModelConfig): boolean {
  return config.bidirectional ?? takesLongRunModel(config);
}

/**
 * `dropout` itself or, unset, `LONG_RUN_DROPOUT` for a long run of an RNN
 * with additive attention (its validation loss overfits after half an hour
 * at 0.1), `DEFAULT_DROPOUT` otherwise.
 */
export function dropoutRate(config: LongRunModelConfig): number {
  return config.dropout ?? (takesLongRunModel(config) ? LONG_RUN_DROPOUT : DEFAULT_DROPOUT);
}
