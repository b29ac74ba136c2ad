import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrainingHistory } from './training-history';

describe('readTrainingHistory', () => {
  it('reads steps, evaluations and sessions, skipping a torn line and counting a re-logged step once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'heed-nmt-history-'));
    const lines = [
      { type: 'start', step: 0 },
      { type: 'step', step: 1, loss: 4 },
      { type: 'step', step: 2, loss: 3 },
      {
        type: 'evaluation',
        step: 2,
        loss: 3.5,
        perplexity: 33.1,
        bleu: 1.5,
        chrf: 9,
        seconds: 0.4,
      },
      { type: 'start', step: 1 },
      { type: 'step', step: 2, loss: 2 },
      { type: 'stop', step: 2, reason: 'max-steps' },
    ].map((record) => JSON.stringify(record));
    writeFileSync(join(directory, 'metrics.jsonl'), `${lines.join('\n')}\n{"type":"st`);
    const history = await readTrainingHistory(directory);
    expect(history).toEqual({
      sessions: 2,
      steps: 2,
      recentLoss: 3,
      evaluations: [{ step: 2, loss: 3.5, perplexity: 33.1, bleu: 1.5, chrf: 9, seconds: 0.4 }],
      stopReason: 'max-steps',
    });
    expect(await readTrainingHistory(join(directory, 'none'))).toBeUndefined();
  });
});
