import { MetricsError } from './errors';

/**
 * Perplexity `exp(totalNegativeLogLikelihood / tokenCount)`, the summed
 * natural-log loss over real (non-padding) tokens divided by their count.
 */
export function perplexity(totalNegativeLogLikelihood: number, tokenCount: number): number {
  if (!Number.isFinite(totalNegativeLogLikelihood) || totalNegativeLogLikelihood < 0) {
    throw new MetricsError(
      `perplexity: totalNegativeLogLikelihood must be a finite number ≥ 0. Received: totalNegativeLogLikelihood=${totalNegativeLogLikelihood}`,
    );
  }
  if (!Number.isInteger(tokenCount) || tokenCount < 1) {
    throw new MetricsError(
      `perplexity: tokenCount must be a positive integer. Received: tokenCount=${tokenCount}`,
    );
  }
  return Math.exp(totalNegativeLogLikelihood / tokenCount);
}

/** Perplexity from a mean per-token cross-entropy in nats: `exp(meanLoss)`. */
export function perplexityFromMeanLoss(meanLoss: number): number {
  if (!Number.isFinite(meanLoss) || meanLoss < 0) {
    throw new MetricsError(
      `perplexityFromMeanLoss: meanLoss must be a finite number ≥ 0. Received: meanLoss=${meanLoss}`,
    );
  }
  return Math.exp(meanLoss);
}
