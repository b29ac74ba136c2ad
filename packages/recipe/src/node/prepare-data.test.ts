import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EOS_ID } from '@heed/core';
import { describe, expect, it } from 'vitest';
import { encodePairs, makeBatches } from '../data/encode-pairs';
import { describeOov, oovRate } from '../data/oov-rate';
import { resolveConfig } from '../resolve-config';
import { loadSplits, prepareData } from './prepare-data';

describe('prepareData', () => {
  it('takes the test set from --test-src/--test-tgt files, cutting no test share', async () => {
    const root = mkdtempSync(join(tmpdir(), 'heed-test-files-'));
    try {
      const testSrc = join(root, 'test.src');
      const testTgt = join(root, 'test.tgt');
      writeFileSync(testSrc, '3 May 2021\n4 June 1999\n');
      writeFileSync(testTgt, '2021-05-03\n1999-06-04\n');
      const config = resolveConfig({
        data: 'builtin:dates',
        corpusSize: 100,
        validShare: 10,
        testShare: 10,
        testSrc,
        testTgt,
      });
      const splits = await loadSplits(config);
      expect(splits.test).toEqual([
        { source: '3 May 2021', target: '2021-05-03' },
        { source: '4 June 1999', target: '1999-06-04' },
      ]);
      expect(splits.valid).toHaveLength(10);
      expect(splits.train).toHaveLength(90);
      expect(() => resolveConfig({ data: 'builtin:dates', testSrc })).toThrow(
        '--test-src and --test-tgt go together; give both or neither',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('counts held-out tokens and sentences out of vocabulary, per side', async () => {
    const config = resolveConfig({ data: 'builtin:en-es-grammar', corpusSize: 300, vocabSize: 40 });
    const data = await prepareData(config);
    const heldOut = [...data.splits.valid, ...data.splits.test];
    expect(data.oov.target).toEqual(
      oovRate(
        heldOut.map((pair) => pair.target),
        data.tokenizers.target,
      ),
    );
    expect(data.oov.target.sentences).toBe(30);
    expect(data.oov.target.unknownTokens).toBeGreaterThan(0.1 * data.oov.target.tokens);
    const roomy = await prepareData({ ...config, vocabSize: 8000 });
    expect(roomy.oov.source.unknownTokens).toBeLessThan(data.oov.source.unknownTokens);
  });

  it('describes a rate in words', () => {
    const rate = { tokens: 1000, unknownTokens: 48, sentences: 200, sentencesWithUnknown: 43 };
    expect(describeOov(rate)).toBe('4.8% of 1000 tokens, 21.5% of 200 sentences');
  });

  it('trains tokenizers on the training split, drops long pairs and cuts bounded batches', async () => {
    const config = resolveConfig({
      data: 'builtin:en-es-grammar',
      corpusSize: 300,
      maxLength: 20,
      batchTokens: 200,
      seed: 3,
    });
    const data = await prepareData(config);
    expect(data.splits.valid).toHaveLength(15);
    expect(data.splits.test).toHaveLength(15);
    expect(data.dropped).toBeGreaterThan(0);
    expect(data.splits.train.length + data.dropped).toBe(270);
    const encoded = encodePairs(data.splits.train, data.tokenizers);
    for (const ids of [...encoded.source, ...encoded.target]) {
      expect(ids.at(-1)).toBe(EOS_ID);
      expect(ids.length).toBeLessThanOrEqual(20);
    }
    const epoch0 = data.trainingData(0);
    expect(data.trainingData(0)).toEqual(epoch0);
    expect(data.trainingData(1)).not.toEqual(epoch0);
    let pairs = 0;
    for (const batch of epoch0) {
      const rows = batch.source as number[][];
      const targets = batch.target as number[][];
      const longest = Math.max(...rows.map((r) => r.length), ...targets.map((r) => r.length));
      expect(rows.length * longest).toBeLessThanOrEqual(200);
      pairs += rows.length;
    }
    expect(pairs).toBe(data.splits.train.length);
    const references = data.validationBatches.flatMap((batch) => batch.references ?? []);
    expect(references.sort()).toEqual(data.splits.valid.map((pair) => pair.target).sort());
  });

  it('reuses given tokenizers', async () => {
    const config = resolveConfig({ data: 'builtin:dates', corpusSize: 100, tokenizer: 'char' });
    const first = await prepareData(config);
    const second = await prepareData({ ...config, vocabSize: 5 }, { tokenizers: first.tokenizers });
    expect(second.tokenizers).toBe(first.tokenizers);
  });
});

describe('makeBatches', () => {
  it('leaves out a pair longer than batchTokens on its own', () => {
    const batches = makeBatches(
      {
        source: [
          [5, 2],
          [5, 6, 7, 8, 9, 2],
        ],
        target: [
          [4, 2],
          [4, 2],
        ],
      },
      { batchTokens: 4, shuffle: false },
    );
    expect(batches).toEqual([{ source: [[5, 2]], target: [[4, 2]] }]);
  });
});
