import { expectNoLeaks } from '@heed/core/testing';
import { describe, expect, it } from 'vitest';
import { resolveCompareConfig } from '../config/resolve-compare-config';
import { planModels } from './plan-models';

describe('planModels', () => {
  const config = resolveCompareConfig('quick', { embed: 16, hidden: 32 });
  const sizes = { sourceVocabSize: 60, targetVocabSize: 80 };

  it('counts every model and sizes the Transformer within 20 % of the additive RNN, leaving no tensors', async () => {
    const plan = await expectNoLeaks(() =>
      planModels(config, ['transformer', 'none', 'additive'], sizes),
    );
    expect(plan.models.map((model) => model.name)).toEqual(['none', 'additive', 'transformer']);
    const [none, additive, transformer] = plan.models;
    expect(plan.referenceParameters).toBe(additive?.parameters);
    expect(transformer?.parameters).toBe(plan.transformer.parameters);
    expect(Math.abs(plan.transformer.relativeDifference)).toBeLessThan(0.2);
    expect(plan.transformer.dimension % config.heads).toBe(0);
    // The fixed-vector baseline has no attention parameters.
    expect(none?.parameters).toBeLessThan(additive?.parameters ?? 0);
    expect(transformer?.spec).toMatchObject({
      arch: 'transformer',
      config: { modelDim: plan.transformer.dimension, encoderLayers: 2, decoderLayers: 2 },
    });
    expect(additive?.description).toBe(
      `rnn gru 1×32, embed 16, additive attention (bahdanau), lr ${config.lr}`,
    );
  });

  it('takes a given Transformer width and reports how far it is from the RNN', () => {
    const plan = planModels({ ...config, transformerDim: 8 }, ['transformer'], sizes);
    expect(plan.transformer).toMatchObject({ dimension: 8, chosen: 'given' });
    expect(plan.transformer.relativeDifference).toBeCloseTo(
      plan.transformer.parameters / plan.referenceParameters - 1,
      12,
    );
    expect(plan.models).toHaveLength(1);
  });
});
