import { MetricsError } from '../errors';

/** sacreBLEU's smoothing methods (Chen & Cherry, 2014). */
export type SmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';

/** Default `smoothValue` per method; `exp` and `none` take none. */
export const SMOOTH_DEFAULTS: Readonly<Record<SmoothMethod, number | null>> = {
  none: null,
  floor: 0.1,
  'add-k': 1,
  exp: null,
};

/** BLEU and the statistics it was computed from, as sacreBLEU's `BLEUScore`. */
export interface BleuResult {
  /** BLEU in [0, 100]. */
  score: number;
  /** Matched n-grams per order (after add-k smoothing, as sacreBLEU reports them). */
  counts: number[];
  /** Hypothesis n-grams per order (after add-k smoothing). */
  totals: number[];
  /** Precisions per order in [0, 100] (smoothed). */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** sysLen / refLen, or 0 when refLen is 0. */
  ratio: number;
  /** Total hypothesis length in tokens. */
  sysLen: number;
  /** Total effective reference length in tokens. */
  refLen: number;
  /** Reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x`. */
  signature: string;
}

/** The sufficient statistics of BLEU. */
export interface BleuStatistics {
  correct: readonly number[];
  total: readonly number[];
  sysLen: number;
  refLen: number;
}

export interface ComputeBleuOptions {
  /** Defaults to 'none' (as sacreBLEU's `compute_bleu`). */
  smoothMethod?: SmoothMethod;
  /** For 'floor' (default 0.1) and 'add-k' (default 1). */
  smoothValue?: number;
  /** Only average the orders up to the last one with any hypothesis n-gram. Defaults to false. */
  effectiveOrder?: boolean;
  /** Defaults to 4. */
  maxNgramOrder?: number;
}

/** Python's `my_log`: log(0) is a huge negative number rather than -Infinity. */
function safeLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/**
 * BLEU from its sufficient statistics, exactly as sacreBLEU's
 * `BLEU.compute_bleu`: brevity penalty, early zero when nothing matches,
 * smoothing, and optional effective order.
 */
export function computeBleu(
  statistics: BleuStatistics,
  options: ComputeBleuOptions = {},
): Omit<BleuResult, 'signature'> {
  const smoothMethod = options.smoothMethod ?? 'none';
  if (!(smoothMethod in SMOOTH_DEFAULTS)) {
    throw new MetricsError(
      `computeBleu: smoothMethod must be one of 'exp', 'floor', 'add-k', 'none'. Received: smoothMethod='${smoothMethod}'`,
    );
  }
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod] ?? 0;
  const maxOrder = options.maxNgramOrder ?? 4;
  const correct = [...statistics.correct];
  const total = [...statistics.total];
  const { sysLen, refLen } = statistics;
  if (correct.length !== maxOrder || total.length !== maxOrder) {
    throw new MetricsError(
      `computeBleu: correct and total must have maxNgramOrder=${maxOrder} entries. Received: ${correct.length} and ${total.length}`,
    );
  }

  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const ratio = refLen ? sysLen / refLen : 0;
  const precisions = new Array<number>(maxOrder).fill(0);
  const result = { counts: correct, totals: total, precisions, bp, ratio, sysLen, refLen };

  if (!correct.some((c) => c !== 0)) return { score: 0, ...result };

  let smoothMteval = 1;
  let effectiveOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (smoothMethod === 'add-k' && n > 1) {
      correct[n - 1] = (correct[n - 1] as number) + smoothValue;
      total[n - 1] = (total[n - 1] as number) + smoothValue;
    }
    const t = total[n - 1] as number;
    const c = correct[n - 1] as number;
    if (t === 0) break;
    if (options.effectiveOrder) effectiveOrder = n;
    if (c === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (smoothMethod === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }

  let logSum = 0;
  for (let i = 0; i < effectiveOrder; i++) logSum += safeLog(precisions[i] as number);
  return { score: bp * Math.exp(logSum / effectiveOrder), ...result };
}
