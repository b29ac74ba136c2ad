/**
 * The one configuration object every attention variant is built from
 * (`createAttention(config)`). A variant reads the options that concern it and
 * ignores the rest, so one config can be swapped between variants by changing
 * `type`; options that no variant knows are an error.
 */
export interface AttentionConfig {
  /**
   * `'additive'`, `'dot'`, `'scaled-dot'`, `'general'`, `'concat'`, `'local-m'`,
   * `'local-p'`, `'multihead'`, `'none'`, or a name added with `registerAttention`.
   */
  type: string;
  /** dq, the query feature size. */
  queryDim: number;
  /** dk, the key feature size. */
  keyDim: number;
  /** dv, the value feature size. Defaults to `keyDim`. */
  valueDim?: number;
  /**
   * Hidden size of the additive/concat score network and of local-p's position
   * network (defaults to `keyDim`); the embedding size E of multihead (defaults
   * to `queryDim`).
   */
  units?: number;
  /** Number of heads (multihead). Defaults to 1. */
  heads?: number;
  /** Half-width D of the local window, |j − p| ≤ D. Defaults to 10 (Luong et al.). */
  window?: number;
  /** Score function of local attention. Defaults to `'general'`. */
  score?: 'dot' | 'general' | 'concat';
  /**
   * Multiply local weights by the Gaussian exp(−(j−p)²/2σ²), σ = D/2. Defaults
   * to true for local-p and false for local-m.
   */
  gaussian?: boolean;
  /** Weight-normalise additive's v as g·v/‖v‖ (TF Addons `normalize`). Defaults to false. */
  normalize?: boolean;
  /** Biases in the additive/concat score network and the multihead projections. Defaults to true. */
  useBias?: boolean;
  /** Learned scalar g multiplying dot/scaled-dot/general scores (TF Addons `scale`). Defaults to false. */
  scale?: boolean;
  /** Dropout rate on the attention weights while training. Defaults to 0. */
  dropout?: number;
  /** Seed of the initialisers and of dropout. Defaults to 0. */
  seed?: number;
}

/** Every option name `AttentionConfig` has. */
export const ATTENTION_CONFIG_KEYS: readonly (keyof AttentionConfig)[] = [
  'type',
  'queryDim',
  'keyDim',
  'valueDim',
  'units',
  'heads',
  'window',
  'score',
  'gaussian',
  'normalize',
  'useBias',
  'scale',
  'dropout',
  'seed',
];
