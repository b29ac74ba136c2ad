import { decodeSafetensors, encodeSafetensors, HeedError } from '@heed/core';
import { WordTokenizer } from '@heed/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { teacherForcedLogits, tinySpecs, tinyTokenizers } from '../test/tiny-models';
import { BUNDLE_METADATA_KEY, type BundleHeader, decodeBundle, encodeBundle } from './bundle';
import { modelFromSpec, specOf } from './model-spec';
import { translate } from './translate';

const tokenizers = tinyTokenizers();
const specs = tinySpecs(tokenizers);

/** The bundle's `__metadata__` and tensors, read with core's plain safetensors reader. */
function readRaw(bytes: Uint8Array): {
  header: BundleHeader;
  metadata: Record<string, string>;
  names: string[];
  dtypes: Record<string, string>;
} {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  const { __metadata__: metadata, ...entries } = json;
  return {
    header: JSON.parse(metadata[BUNDLE_METADATA_KEY]),
    metadata,
    names: Object.keys(entries).sort(),
    dtypes: Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [name, (entry as { dtype: string }).dtype]),
    ),
  };
}

/** Runs `fn`, expecting a `HeedError` whose message matches `message`, and no tensor left behind. */
function expectBundleError(fn: () => unknown, message: string | RegExp): void {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(HeedError.isInstance(caught), String(caught)).toBe(true);
  expect((caught as Error).message).toMatch(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe('encodeBundle / decodeBundle', () => {
  it.each(['rnn', 'transformer'] as const)(
    '%s: one safetensors file with the weights only, the spec and the tokenizers; translates as the original',
    async (arch) => {
      const model = modelFromSpec(specs[arch]);
      const bytes = await encodeBundle(model, tokenizers, { metadata: { trainedBy: 'test' } });
      const raw = readRaw(bytes);
      expect(raw.header).toEqual({
        format: 'heed-inference',
        version: 1,
        spec: specOf(model),
        tokenizers: { source: tokenizers.source.toJSON(), target: tokenizers.target.toJSON() },
        dtype: 'float32',
      });
      expect(raw.metadata.trainedBy).toBe('test');
      expect(raw.names).toEqual([...model.namedParameters().keys()].sort());
      expect(new Set(Object.values(raw.dtypes))).toEqual(new Set(['F32']));

      const before = tf.memory().numTensors;
      const bundle = decodeBundle(bytes, { source: 'model.safetensors' });
      expect(bundle.spec).toEqual(specOf(model));
      expect(bundle.dtype).toBe('float32');
      expect(bundle.metadata).toEqual({ trainedBy: 'test' });
      expect(teacherForcedLogits(bundle.model)).toEqual(teacherForcedLogits(model));
      const options = { beam: 2, nbest: 2, attention: true, maxLength: 5 };
      expect(
        await translate(bundle.model, bundle.tokenizers, ['the cat', 'a dog sleeps'], options),
      ).toEqual(await translate(model, tokenizers, ['the cat', 'a dog sleeps'], options));
      bundle.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    },
  );

  it('stores float16 weights as F16 in about half the bytes and loads them as float32', async () => {
    const model = modelFromSpec(specs.rnn);
    const full = await encodeBundle(model, tokenizers);
    const half = await encodeBundle(model, tokenizers, { float16: true });
    const raw = readRaw(half);
    expect(raw.header.dtype).toBe('float16');
    expect(new Set(Object.values(raw.dtypes))).toEqual(new Set(['F16']));
    const weightBytes = (bytes: Uint8Array) =>
      bytes.length - 8 - Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(weightBytes(half)).toBe(weightBytes(full) / 2);

    const bundle = decodeBundle(half);
    expect(bundle.dtype).toBe('float16');
    const original = model.namedParameters();
    for (const [name, loaded] of bundle.model.namedParameters()) {
      expect(loaded.dtype).toBe('float32');
      const want = original.get(name)?.dataSync() as Float32Array;
      const got = loaded.dataSync();
      // A half keeps 11 significant bits: relative error ≤ 2⁻¹¹ (normal halves), ≤ 2⁻²⁵ absolute below 2⁻¹⁴.
      want.forEach((value, i) => {
        expect(Math.abs((got[i] as number) - value), `${name}[${i}]`).toBeLessThanOrEqual(
          Math.max(Math.abs(value) * 2 ** -11, 2 ** -25),
        );
      });
    }
    bundle.model.dispose();
    model.dispose();
  });

  it('refuses bytes that are not a heed bundle, naming the source', async () => {
    const weights = tf.tensor1d([1, 2]);
    const plain = await encodeSafetensors(new Map([['w', weights]]), { producer: 'other' });
    weights.dispose();
    expectBundleError(
      () => decodeBundle(plain, { source: 'https://example.org/m.safetensors' }),
      "https://example.org/m.safetensors: not a heed inference bundle (its __metadata__ has no 'heed' entry)",
    );
    expectBundleError(
      () => decodeBundle(new TextEncoder().encode('<html>404</html>'), { source: 'm.safetensors' }),
      /^m\.safetensors: header length \d+ exceeds/,
    );
    expectBundleError(
      () => decodeBundle('bytes' as never),
      /^decodeBundle: expected the bundle's bytes \(Uint8Array or ArrayBuffer\) for bundle\. Received: bytes/,
    );
  });

  it('refuses another format, version or dtype, and a truncated file', async () => {
    const model = modelFromSpec(specs.rnn);
    const bytes = await encodeBundle(model, tokenizers);
    const rewrite = async (change: (header: Record<string, unknown>) => void) => {
      const { tensors, metadata } = decodeSafetensors(bytes);
      const header = JSON.parse(metadata.heed as string);
      change(header);
      const out = await encodeSafetensors(tensors, { heed: JSON.stringify(header) });
      tf.dispose([...tensors.values()]);
      return out;
    };
    expectBundleError(
      () => decodeBundle(bytes.subarray(0, bytes.length - 10), { source: 'cut.safetensors' }),
      /^cut\.safetensors: .*truncated/,
    );
    const version = await rewrite((header) => {
      header.version = 2;
    });
    expectBundleError(
      () => decodeBundle(version),
      'bundle: bundle version 2 is not supported; this @heed/models reads version 1',
    );
    const format = await rewrite((header) => {
      header.format = 'heed-nmt';
    });
    expectBundleError(
      () => decodeBundle(format),
      `bundle: not a heed inference bundle (format "heed-nmt", expected 'heed-inference')`,
    );
    const dtype = await rewrite((header) => {
      header.dtype = 'int8';
    });
    expectBundleError(
      () => decodeBundle(dtype),
      `bundle: the bundle's dtype must be 'float32' or 'float16'. Received: dtype="int8"`,
    );
    model.dispose();
  });

  it('refuses weights or tokenizers that do not fit the spec, leaving nothing allocated', async () => {
    const model = modelFromSpec(specs.rnn);
    const bytes = await encodeBundle(model, tokenizers);
    const { tensors, metadata } = decodeSafetensors(bytes);
    const header = JSON.parse(metadata.heed as string);
    const extra = new Map(tensors);
    extra.set('decoder.unexpected', tf.zeros([2]));
    const withExtra = await encodeSafetensors(extra, metadata);
    expectBundleError(
      () => decodeBundle(withExtra, { source: 'x.safetensors' }),
      /^x\.safetensors: .*decoder\.unexpected/,
    );
    header.spec.config.targetVocabSize += 1;
    const wider = await encodeSafetensors(tensors, { heed: JSON.stringify(header) });
    expectBundleError(
      () => decodeBundle(wider, { source: 'x.safetensors' }),
      /^x\.safetensors: the model's vocabularies/,
    );
    tf.dispose([...extra.values()]);
    model.dispose();
  });

  it('refuses tokenizers that do not fit the model, and metadata that would hide the header', async () => {
    const model = modelFromSpec(specs.rnn);
    const other = { source: WordTokenizer.train(['one sentence']), target: tokenizers.target };
    await expect(encodeBundle(model, other)).rejects.toThrow(
      /^encodeBundle: the model's vocabularies \(\d+ source, \d+ target\) do not match its tokenizers/,
    );
    await expect(encodeBundle(model, tokenizers, { metadata: { heed: 'x' } })).rejects.toThrow(
      "encodeBundle: metadata cannot hold the key 'heed'",
    );
    model.dispose();
  });
});
