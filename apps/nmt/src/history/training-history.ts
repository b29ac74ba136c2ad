import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OovRate } from '@heed/recipe';

/** One evaluation from a run's metrics.jsonl. */
export interface EvaluationEntry {
  step: number;
  loss: number;
  perplexity: number;
  bleu?: number;
  chrf?: number;
  seconds: number;
}

/** The data a training session used, as heed-nmt logs it. */
export interface DataEntry {
  source: string;
  train: number;
  valid: number;
  test: number;
  /** Training pairs dropped, in all and by reason. */
  dropped: number;
  droppedBy: { maxLength: number; batchTokens: number };
  maxLength: number;
  batchTokens: number;
  /** Out-of-vocabulary rates of the held-out pairs (absent in runs logged before they were). */
  oov?: { source: OovRate; target: OovRate };
}

/** A run's history, read back from its metrics.jsonl. */
export interface TrainingHistory {
  /** The data of the latest session, when logged. */
  data: DataEntry | undefined;
  /** Training sessions (one, plus one per resume). */
  sessions: number;
  steps: number;
  /** Mean training loss of the last (up to) 100 logged updates. */
  recentLoss: number | undefined;
  evaluations: EvaluationEntry[];
  stopReason: string | undefined;
}

/**
 * Reads `<runDirectory>/metrics.jsonl` as @heed/train writes it. A line that
 * is not JSON (a torn final line after a crash) is skipped; a step logged
 * twice (a resume from an earlier checkpoint) counts once.
 */
export async function readTrainingHistory(
  runDirectory: string,
): Promise<TrainingHistory | undefined> {
  const file = join(runDirectory, 'metrics.jsonl');
  if (!existsSync(file)) return undefined;
  const steps = new Map<number, number>();
  const evaluations = new Map<number, EvaluationEntry>();
  let sessions = 0;
  let stopReason: string | undefined;
  let data: DataEntry | undefined;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const step = Number(record.step);
    switch (record.type) {
      case 'start':
        sessions++;
        break;
      case 'data':
        data = record as unknown as DataEntry;
        break;
      case 'step':
        steps.set(step, Number(record.loss));
        break;
      case 'evaluation':
        evaluations.set(step, {
          step,
          loss: Number(record.loss),
          perplexity: Number(record.perplexity),
          ...(record.bleu === undefined ? {} : { bleu: Number(record.bleu) }),
          ...(record.chrf === undefined ? {} : { chrf: Number(record.chrf) }),
          seconds: Number(record.seconds),
        });
        break;
      case 'stop':
        stopReason = typeof record.reason === 'string' ? record.reason : undefined;
        break;
    }
  }
  const ordered = [...steps.entries()].sort((a, b) => a[0] - b[0]);
  const recent = ordered.slice(-100).map(([, loss]) => loss);
  return {
    data,
    sessions,
    steps: ordered.at(-1)?.[0] ?? 0,
    recentLoss: recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : undefined,
    evaluations: [...evaluations.values()].sort((a, b) => a.step - b.step),
    stopReason,
  };
}
