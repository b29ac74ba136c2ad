import { describe, expect, it } from 'vitest';
import fixture from '../../test/fixtures/paired-bootstrap.json';
import { bleuMetric, corpusBleu } from '../bleu/bleu';
import { chrfMetric, corpusChrf } from '../chrf';
import { MetricsError } from '../errors';
import { bootstrapIndices } from './bootstrap-indices';
import { pairedBootstrap, pairedBootstrapFromStatistics } from './paired-bootstrap';

/**
 * Expected values: sacreBLEU's own `PairedTest(test_type='bs')` on the same
 * systems and the same resamples (`test/fixtures/paired-bootstrap.py`).
 * sacreBLEU sums statistics in float32, so scores agree to about 1e-5.
 */
const metrics = { bleu: bleuMetric(), chrf: chrfMetric() };

describe('pairedBootstrap against sacreBLEU --paired-bs', () => {
  it.each(fixture.cases)('$metric: scores, means, CIs and p-values', ({ metric, results }) => {
    const actual = pairedBootstrap(
      metrics[metric as 'bleu' | 'chrf'],
      fixture.systems,
      [fixture.references],
      {
        indices: fixture.indices,
      },
    );
    expect(actual.map((r) => r.name)).toEqual(results.map((r) => r.name));
    actual.forEach((result, s) => {
      const expected = results[s] as (typeof results)[number];
      expect(result.score).toBeCloseTo(expected.score, 4);
      expect(result.mean).toBeCloseTo(expected.mean, 4);
      expect(result.ci).toBeCloseTo(expected.ci, 4);
      expect(result.pValue).toBe(expected.pValue);
    });
  });

  it('scores the whole test set as corpusBleu and corpusChrf do', () => {
    const [baseline] = pairedBootstrap(metrics.bleu, fixture.systems, [fixture.references], {
      samples: 10,
    });
    const hypotheses = fixture.systems[0]?.hypotheses ?? [];
    expect(baseline?.score).toBe(corpusBleu(hypotheses, [fixture.references]).score);
    const [chrf] = pairedBootstrap(metrics.chrf, fixture.systems, [fixture.references], {
      samples: 10,
    });
    expect(chrf?.score).toBe(corpusChrf(hypotheses, [fixture.references]).score);
  });
});

describe('pairedBootstrapFromStatistics', () => {
  it('scores a segment whose row sums several rows as the concatenated corpus', () => {
    // Two "seeds" of each system: summing each sentence's rows over the seeds
    // must give the corpus score of both seeds' translations together.
    const [first, second] = fixture.systems;
    const seeds = [first?.hypotheses ?? [], second?.hypotheses ?? []];
    const rows = seeds.map((hypotheses) =>
      metrics.bleu.segmentStatistics(hypotheses, [fixture.references]),
    );
    const pooled = (rows[0] ?? []).map((row, i) => row.map((x, k) => x + (rows[1]?.[i]?.[k] ?? 0)));
    const [result] = pairedBootstrapFromStatistics(
      metrics.bleu,
      [{ name: 'pooled', statistics: pooled }],
      {
        samples: 5,
      },
    );
    const concatenated = corpusBleu(seeds.flat(), [[...fixture.references, ...fixture.references]]);
    expect(result?.score).toBeCloseTo(concatenated.score, 10);
  });

  it('draws the same resamples for the same seed and others for another', () => {
    const statistics = metrics.bleu.segmentStatistics(fixture.systems[1]?.hypotheses ?? [], [
      fixture.references,
    ]);
    const run = (seed: number) =>
      pairedBootstrapFromStatistics(metrics.bleu, [{ name: 'a', statistics }], {
        seed,
        samples: 50,
      });
    expect(run(3)).toEqual(run(3));
    expect(run(3)[0]?.mean).not.toBe(run(4)[0]?.mean);
  });

  it('rejects systems of different sizes and bad indices, naming what is wrong', () => {
    const statistics = [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]];
    expect(() =>
      pairedBootstrapFromStatistics(metrics.bleu, [
        { name: 'base', statistics },
        { name: 'short', statistics: [] },
      ]),
    ).toThrow(/same non-zero number of segments \(1, the baseline's\)\. Received: 0 for 'short'/);
    expect(() =>
      pairedBootstrapFromStatistics(metrics.bleu, [{ name: 'base', statistics }], {
        indices: [[1]],
      }),
    ).toThrow(MetricsError);
    expect(() => pairedBootstrapFromStatistics(metrics.bleu, [])).toThrow(/baseline/);
  });
});

describe('bootstrapIndices', () => {
  it('draws uniform indices with replacement', () => {
    const indices = bootstrapIndices(10, 2000, 1);
    expect(indices).toHaveLength(2000);
    const counts = new Array<number>(10).fill(0);
    for (const resample of indices) {
      expect(resample).toHaveLength(10);
      for (const i of resample) counts[i] = (counts[i] as number) + 1;
    }
    // 20000 draws: each index about 2000 times (sd ≈ 42).
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(250);
    expect(() => bootstrapIndices(0, 10)).toThrow(
      'bootstrapIndices: segments must be a positive integer. Received: segments=0',
    );
  });
});
