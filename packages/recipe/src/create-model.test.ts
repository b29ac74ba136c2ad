import { modelFromSpec, specOf } from '@heed/models';
import { RnnSeq2Seq } from '@heed/rnn';
import { Transformer } from '@heed/transformer';
import { describe, expect, it } from 'vitest';
import { attentionSpec, createModel, modelSpec } from './create-model';
import { resolveConfig } from './resolve-config';

const sizes = { sourceVocabSize: 20, targetVocabSize: 30 };

describe('createModel', () => {
  it('maps the flat config onto RnnSeq2Seq', () => {
    const config = resolveConfig({
      cell: 'lstm',
      layers: 2,
      bidirectional: true,
      attention: 'local-p',
      placement: 'luong',
      embed: 8,
      hidden: 12,
      window: 3,
      dropout: 0,
    });
    const spec = modelSpec(config, sizes);
    expect(spec.arch).toBe('rnn');
    const model = createModel(config, sizes);
    expect(model).toBeInstanceOf(RnnSeq2Seq);
    const built = (model as RnnSeq2Seq).getConfig();
    expect(built.encoder).toMatchObject({
      embeddingDim: 8,
      hiddenSize: 12,
      cell: 'lstm',
      layers: 2,
      bidirectional: true,
    });
    expect(built.decoder).toMatchObject({
      embeddingDim: 8,
      hiddenSize: 12,
      cell: 'lstm',
      layers: 2,
      placement: 'luong',
    });
    expect(built.attention).toMatchObject({ type: 'local-p', window: 3 });
    const rebuilt = modelFromSpec(specOf(model));
    expect(rebuilt.parameterCount()).toBe(model.parameterCount());
    model.dispose();
    rebuilt.dispose();
  });

  it('maps the flat config onto the Transformer', () => {
    const config = resolveConfig({
      arch: 'transformer',
      hidden: 16,
      heads: 2,
      layers: 1,
      feedForward: 24,
    });
    const model = createModel(config, sizes);
    expect(model).toBeInstanceOf(Transformer);
    expect((model as Transformer).getConfig()).toMatchObject({
      modelDim: 16,
      heads: 2,
      encoderLayers: 1,
      decoderLayers: 1,
      feedForwardDim: 24,
      crossAttention: { type: 'multihead' },
      ...sizes,
    });
    model.dispose();
  });

  it('gives the attention heads and window where its schema has them, and every option', () => {
    const spec = (fields: Record<string, unknown>) => attentionSpec(resolveConfig(fields));
    expect(spec({ heads: 2, window: 3 })).toEqual({ type: 'additive' });
    expect(spec({ attention: 'multihead', heads: 2, window: 3 })).toEqual({
      type: 'multihead',
      heads: 2,
    });
    expect(
      spec({
        attention: 'local-m',
        window: 3,
        attentionOptions: { score: 'concat', units: 5, useBias: false },
      }),
    ).toEqual({ type: 'local-m', window: 3, score: 'concat', units: 5, useBias: false });
    expect(spec({ attention: 'local-p', window: 3, attentionOptions: ['window=2'] })).toEqual({
      type: 'local-p',
      window: 2,
    });
  });
});
