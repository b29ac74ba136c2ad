import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CurvePoint } from '@heed/viz';

/** A run's curves, read back from the metrics.jsonl @heed/train writes. */
export interface RunCurves {
  /** Training loss, averaged over windows of consecutive updates (at most `maxPoints`). */
  trainLoss: CurvePoint[];
  /** Validation loss of each periodic evaluation. */
  validLoss: CurvePoint[];
  /** Time spent in periodic evaluations, in seconds. */
  evaluationSeconds: number;
}

/**
 * Reads `<runDirectory>/metrics.jsonl`. A step or evaluation logged twice (a
 * run resumed from an earlier checkpoint) counts once, the later line
 * winning; a torn last line is skipped.
 */
export async function readCurves(runDirectory: string, maxPoints = 200): Promise<RunCurves> {
  const file = join(runDirectory, 'metrics.jsonl');
  const steps = new Map<number, number>();
  const evaluations = new Map<number, { loss: number; seconds: number }>();
  if (existsSync(file)) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      const step = Number(record.step);
      if (record.type === 'step') steps.set(step, Number(record.loss));
      if (record.type === 'evaluation') {
        evaluations.set(step, { loss: Number(record.loss), seconds: Number(record.seconds) });
      }
    }
  }
  const ordered = [...steps.entries()].sort((a, b) => a[0] - b[0]);
  const window = Math.max(1, Math.ceil(ordered.length / maxPoints));
  const trainLoss: CurvePoint[] = [];
  for (let start = 0; start < ordered.length; start += window) {
    const chunk = ordered.slice(start, start + window);
    const mean = chunk.reduce((sum, [, loss]) => sum + loss, 0) / chunk.length;
    trainLoss.push({ step: chunk.at(-1)?.[0] ?? 0, value: mean });
  }
  const evaluated = [...evaluations.entries()].sort((a, b) => a[0] - b[0]);
  return {
    trainLoss,
    validLoss: evaluated.map(([step, { loss }]) => ({ step, value: loss })),
    evaluationSeconds: evaluated.reduce((sum, [, { seconds }]) => sum + seconds, 0),
  };
}
