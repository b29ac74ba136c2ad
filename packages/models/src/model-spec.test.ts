import { RnnSeq2Seq } from '@heed/rnn';
import { Transformer } from '@heed/transformer';
import { describe, expect, it } from 'vitest';
import { teacherForcedLogits, tinySpecs, tinyTokenizers } from '../test/tiny-models';
import { type ModelSpec, modelFromSpec, specOf } from './model-spec';

const specs = tinySpecs(tinyTokenizers());

describe('modelFromSpec / specOf', () => {
  it.each([
    ['rnn', RnnSeq2Seq],
    ['transformer', Transformer],
  ] as const)('%s: rebuilds the same model from the spec of a built one', (arch, type) => {
    const model = modelFromSpec(specs[arch]);
    expect(model).toBeInstanceOf(type);
    const spec = specOf(model);
    expect(spec.arch).toBe(arch);
    // The spec is plain JSON and complete: the rebuilt model has the same config and,
    // from the same seed, the same weights.
    const rebuilt = modelFromSpec(JSON.parse(JSON.stringify(spec)) as ModelSpec);
    expect(specOf(rebuilt)).toEqual(spec);
    expect(teacherForcedLogits(rebuilt)).toEqual(teacherForcedLogits(model));
    model.dispose();
    rebuilt.dispose();
  });

  it('names an unknown architecture or a missing config', () => {
    expect(() => modelFromSpec({ arch: 'lstm', config: {} } as unknown as ModelSpec)).toThrow(
      "modelFromSpec: arch must be one of 'rnn', 'transformer'. Received: arch='lstm'",
    );
    expect(() => modelFromSpec({ arch: 'rnn' } as unknown as ModelSpec)).toThrow(
      'modelFromSpec: spec.config must be an object. Received: config=undefined',
    );
  });

  it('passes a bad config on to the model, whose constructor names the field', () => {
    expect(() =>
      modelFromSpec({ arch: 'transformer', config: { sourceVocabSize: 0, targetVocabSize: 5 } }),
    ).toThrow(/sourceVocabSize/);
  });

  it('refuses a model it cannot describe', () => {
    expect(() => specOf({} as never)).toThrow(
      'specOf: the model must be an RnnSeq2Seq or a Transformer. Received: Object',
    );
  });
});
