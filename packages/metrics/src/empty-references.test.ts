import { describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/empty-references.json';
import { corpusBleu, sentenceBleu } from './bleu/bleu';
import { corpusChrf, sentenceChrf } from './chrf';
import type { ReferenceLine } from './references';

/**
 * sacreBLEU ≥ 2.2 keeps empty references and drops only missing ones (`None`).
 * Its own tests hold no BLEU or chrF value for these cases, so the expected
 * values are sacreBLEU's output (`test/fixtures/empty-references.py`).
 */
interface BleuValues {
  score: number;
  counts: number[];
  totals: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

interface Case {
  kind: string;
  hypotheses?: string[];
  hypothesis?: string;
  references: ReferenceLine[][] | string[];
  bleu: BleuValues;
  bleuSignature?: string;
  chrf: number;
  chrfSignature?: string;
}

const cases = fixture.cases as Case[];
const withoutVersion = (signature: string | undefined) => signature?.replace(/\|version:.*$/, '');

function expectBleu(actual: ReturnType<typeof corpusBleu>, wanted: BleuValues) {
  expect(actual.score).toBeCloseTo(wanted.score, 8);
  expect(actual.counts).toEqual(wanted.counts);
  expect(actual.totals).toEqual(wanted.totals);
  expect(actual.bp).toBeCloseTo(wanted.bp, 12);
  expect(actual.sysLen).toBe(wanted.sysLen);
  expect(actual.refLen).toBe(wanted.refLen);
}

describe(`empty and missing references (sacreBLEU ${fixture.sacrebleu})`, () => {
  it.each(cases.filter((c) => c.kind === 'corpus'))('corpus BLEU and chrF, case %#', (c) => {
    const references = c.references as ReferenceLine[][];
    const bleu = corpusBleu(c.hypotheses ?? [], references);
    expectBleu(bleu, c.bleu);
    expect(withoutVersion(bleu.signature)).toBe(withoutVersion(c.bleuSignature));
    const chrf = corpusChrf(c.hypotheses ?? [], references);
    expect(chrf.score).toBeCloseTo(c.chrf, 8);
    expect(withoutVersion(chrf.signature)).toBe(withoutVersion(c.chrfSignature));
  });

  it.each(cases.filter((c) => c.kind === 'sentence'))('sentence BLEU and chrF, case %#', (c) => {
    const references = c.references as string[];
    expectBleu(sentenceBleu(c.hypothesis ?? '', references), c.bleu);
    expect(sentenceChrf(c.hypothesis ?? '', references).score).toBeCloseTo(c.chrf, 8);
  });
});
