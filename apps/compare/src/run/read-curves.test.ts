import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCurves } from './read-curves';

describe('readCurves', () => {
  it('averages training loss over windows, keeps the later of repeated steps, skips torn lines', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'heed-compare-curves-'));
    const lines = [
      { type: 'start', step: 0 },
      ...[1, 2, 3, 4].map((step) => ({ type: 'step', step, loss: 10 })),
      { type: 'evaluation', step: 2, loss: 5, seconds: 0.5 },
      // A resume from step 2 logs steps 3 and 4 again.
      { type: 'start', step: 2 },
      { type: 'step', step: 3, loss: 4 },
      { type: 'step', step: 4, loss: 2 },
      { type: 'evaluation', step: 4, loss: 3, seconds: 0.25 },
    ].map((record) => JSON.stringify(record));
    writeFileSync(join(directory, 'metrics.jsonl'), `${lines.join('\n')}\n{"type":"st`);
    const curves = await readCurves(directory, 2);
    expect(curves.trainLoss).toEqual([
      { step: 2, value: 10 },
      { step: 4, value: 3 },
    ]);
    expect(curves.validLoss).toEqual([
      { step: 2, value: 5 },
      { step: 4, value: 3 },
    ]);
    expect(curves.evaluationSeconds).toBe(0.75);
  });

  it('gives empty curves for a run without a log', async () => {
    const curves = await readCurves(mkdtempSync(join(tmpdir(), 'heed-compare-empty-')));
    expect(curves).toEqual({ trainLoss: [], validLoss: [], evaluationSeconds: 0 });
  });
});
