import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { HeedError } from './errors';
import { initializers } from './initializers';
import { Module } from './module';
import { expectTensorsClose } from './testing';

interface ProjectionConfig {
  inputSize: number;
  units: number;
  seed?: number;
}

class Projection extends Module {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(readonly config: ProjectionConfig) {
    super(config.seed ?? 0);
    this.kernel = this.addParameter(
      'kernel',
      [config.inputSize, config.units],
      initializers.glorotUniform(),
    );
    this.bias = this.addParameter('bias', [config.units], initializers.pytorch(config.inputSize));
  }

  getConfig(): ProjectionConfig {
    return { ...this.config };
  }

  static fromConfig(config: ProjectionConfig): Projection {
    return new Projection(config);
  }
}

class ToyAttention extends Module {
  constructor(units: number, seed: number) {
    super(seed);
    this.addParameter('v', [units], initializers.normal());
    this.addParameter('steps', [1], initializers.zeros(), { trainable: false });
    this.addModule('query', new Projection({ inputSize: 2, units, seed: this.childSeed('query') }));
    this.addModule('key', new Projection({ inputSize: 2, units, seed: this.childSeed('key') }));
  }

  getConfig() {
    return { seed: this.seed };
  }
}

interface DecoderConfig {
  vocabularySize: number;
  units: number;
  seed: number;
}

class ToyDecoder extends Module {
  constructor(readonly config: DecoderConfig) {
    super(config.seed);
    this.addParameter('embedding', [config.vocabularySize, 2], initializers.normal());
    this.addModule('attention', new ToyAttention(config.units, this.childSeed('attention')));
  }

  getConfig(): DecoderConfig {
    return { ...this.config };
  }

  static fromConfig(config: DecoderConfig): ToyDecoder {
    return new ToyDecoder(config);
  }
}

/** Adds the parameters named in `order`, to show weights do not depend on it. */
class Ordered extends Module {
  constructor(order: string[]) {
    super(5);
    for (const name of order) this.addParameter(name, [3], initializers.normal());
  }

  getConfig() {
    return {};
  }
}

const values = (module: Module) =>
  Object.fromEntries([...module.namedParameters()].map(([name, v]) => [name, [...v.dataSync()]]));

describe('Module', () => {
  it('names parameters by dotted path through nested modules', () => {
    const decoder = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    expect([...decoder.namedParameters().keys()]).toEqual([
      'embedding',
      'attention.v',
      'attention.steps',
      'attention.query.kernel',
      'attention.query.bias',
      'attention.key.kernel',
      'attention.key.bias',
    ]);
    expect([...decoder.children().keys()]).toEqual(['attention']);
    expect(decoder.parameters()).toEqual([...decoder.namedParameters().values()]);
    expect([...decoder.namedParameters('decoder.').keys()][1]).toBe('decoder.attention.v');
    decoder.dispose();
  });

  it('counts every scalar weight, trainable or not', () => {
    const decoder = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    // embedding 5·2, v 3, steps 1, two projections of 2·3 + 3.
    expect(decoder.parameterCount()).toBe(10 + 3 + 1 + 2 * 9);
    decoder.dispose();
  });

  it('draws the same weights for the same seed, whatever the construction order', () => {
    const a = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    const b = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    const c = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 2 });
    expect(values(a)).toEqual(values(b));
    expect(values(a).embedding).not.toEqual(values(c).embedding);
    // Sibling modules get distinct seeds.
    expect(values(a)['attention.query.kernel']).not.toEqual(values(a)['attention.key.kernel']);
    const forward = new Ordered(['x', 'y']);
    const backward = new Ordered(['y', 'x']);
    expect(values(forward)).toEqual(values(backward));
    for (const module of [a, b, c, forward, backward]) module.dispose();
  });

  it('builds two copies of a model without colliding in the TF.js variable registry', () => {
    const first = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    const second = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    const names = [...first.parameters(), ...second.parameters()].map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of [...first.parameters(), ...second.parameters()]) {
      expect(tf.engine().registeredVariables[variable.name]).toBe(variable);
    }
    // They are independent: changing one leaves the other.
    const embedding = first.namedParameters().get('embedding') as tf.Variable;
    embedding.assign(tf.zerosLike(embedding));
    expect(values(second).embedding?.some((v) => v !== 0)).toBe(true);
    first.dispose();
    second.dispose();
  });

  it('propagates the trainable flag to every descendant and keeps frozen parameters frozen', () => {
    const decoder = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    const trainableNames = () =>
      [...decoder.namedParameters()].filter(([, v]) => v.trainable).map(([name]) => name);
    expect(trainableNames()).not.toContain('attention.steps');
    expect(decoder.trainableParameters()).toHaveLength(6);

    decoder.trainable = false;
    expect(decoder.trainable).toBe(false);
    expect(decoder.trainableParameters()).toEqual([]);
    const attention = decoder.children().get('attention') as Module;
    expect(attention.trainable).toBe(false);
    expect(attention.children().get('query')?.trainable).toBe(false);

    decoder.trainable = true;
    expect(decoder.trainableParameters()).toHaveLength(6);
    expect(trainableNames()).not.toContain('attention.steps');

    attention.trainable = false;
    expect(trainableNames()).toEqual(['embedding']);
    decoder.dispose();
  });

  it('creates parameters and children of a frozen module frozen', () => {
    class Late extends Module {
      constructor() {
        super(0);
        this.trainable = false;
        this.addParameter('w', [2], initializers.ones());
        this.addModule('child', new Projection({ inputSize: 1, units: 1 }));
      }

      getConfig() {
        return {};
      }
    }
    const late = new Late();
    expect(late.trainableParameters()).toEqual([]);
    expect(late.children().get('child')?.trainable).toBe(false);
    late.dispose();
  });

  it('assigns values by path, and refuses mismatches listing every problem', () => {
    const projection = new Projection({ inputSize: 2, units: 3, seed: 4 });
    const kernel = tf.ones([2, 3]);
    const bias = tf.fill([3], 0.5);
    expect(
      projection.assignParameters(
        new Map([
          ['kernel', kernel],
          ['bias', bias],
        ]),
      ),
    ).toEqual({ missing: [], extra: [] });
    expectTensorsClose(projection.kernel, kernel);
    expectTensorsClose(projection.bias, bias);

    const wrong = new Map<string, tf.Tensor>([
      ['kernel', tf.zeros([3, 2])],
      ['gamma', tf.zeros([3])],
    ]);
    expect(() => projection.assignParameters(wrong)).toThrow(HeedError);
    expect(() => projection.assignParameters(wrong)).toThrow(
      'Projection: parameters do not match. missing: bias. extra: gamma. ' +
        'mismatched: kernel: expected float32[2, 3], received float32[3, 2]',
    );
    const intBias = new Map([['bias', tf.zeros([3], 'int32')]]);
    expect(() => projection.assignParameters(intBias, { strict: false })).toThrow(
      'Projection: parameters do not match. missing: kernel. mismatched: bias: expected float32[3], received int32[3]',
    );
    // Nothing was assigned by the failed calls.
    expectTensorsClose(projection.kernel, kernel);
    expectTensorsClose(projection.bias, bias);

    const partial = new Map([
      ['bias', tf.zeros([3])],
      ['gamma', tf.zeros([1])],
    ]);
    expect(projection.assignParameters(partial, { strict: false })).toEqual({
      missing: ['kernel'],
      extra: ['gamma'],
    });
    expectTensorsClose(projection.bias, [0, 0, 0]);
    tf.dispose([kernel, bias, ...wrong.values(), ...intBias.values(), ...partial.values()]);
    projection.dispose();
  });

  it('disposes every variable, in children too, and unregisters them', () => {
    const before = tf.memory().numTensors;
    const decoder = new ToyDecoder({ vocabularySize: 5, units: 3, seed: 1 });
    const variables = decoder.parameters();
    expect(tf.memory().numTensors).toBe(before + variables.length);
    decoder.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(variables.every((v) => v.isDisposed)).toBe(true);
    expect(variables.some((v) => v.name in tf.engine().registeredVariables)).toBe(false);
    expect(decoder.parameterCount()).toBe(0);
  });

  it('rebuilds the same module from getConfig through fromConfig', () => {
    const original = new ToyDecoder({ vocabularySize: 7, units: 4, seed: 9 });
    const config = JSON.parse(JSON.stringify(original.getConfig())) as DecoderConfig;
    const rebuilt = ToyDecoder.fromConfig(config);
    expect(rebuilt.getConfig()).toEqual(original.getConfig());
    expect(values(rebuilt)).toEqual(values(original));
    const projection = new Projection({ inputSize: 3, units: 2, seed: 1 });
    const copy = Projection.fromConfig(projection.getConfig());
    expect(values(copy)).toEqual(values(projection));
    for (const module of [original, rebuilt, projection, copy]) module.dispose();
  });

  it('refuses names with dots and names registered twice', () => {
    class Bad extends Module {
      constructor(name: string, twice: boolean) {
        super(0);
        this.addParameter(name, [1], initializers.zeros());
        if (twice) this.addParameter(name, [1], initializers.zeros());
      }

      getConfig() {
        return {};
      }
    }
    expect(() => new Bad('attention.W1', false)).toThrow(
      "Bad: a parameter or module name must be an identifier without dots. Received: name='attention.W1'",
    );
    expect(() => new Bad('W1', true)).toThrow("Bad: 'W1' is already registered");
  });
});
