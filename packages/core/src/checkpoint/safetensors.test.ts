import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeedError } from '../errors';
import { expectNoLeaks, expectTensorsClose } from '../testing';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** Builds a safetensors file by hand: any header text, then `data`. */
function rawFile(header: string, data: Uint8Array = new Uint8Array()): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function headerOf(bytes: Uint8Array): Record<string, unknown> {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
}

function expectCorrupt(bytes: Uint8Array, problem: string | RegExp): void {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    decodeSafetensors(bytes, { source: 'model/weights.safetensors' });
  } catch (error) {
    caught = error;
  }
  expect(HeedError.isInstance(caught)).toBe(true);
  expect((caught as Error).message).toMatch(/^model\/weights\.safetensors: /);
  expect((caught as Error).message).toMatch(problem);
  expect(tf.memory().numTensors).toBe(before);
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips float32, int32 and bool tensors of any rank, with metadata', async () => {
    const tensors = new Map<string, tf.Tensor>([
      [
        'decoder.attention.W1',
        tf.tensor2d([
          [1.5, -2],
          [1e-30, 3.4e38],
        ]),
      ],
      ['ids', tf.tensor1d([0, -1, 2147483647, -2147483648], 'int32')],
      ['mask', tf.tensor2d([[true, false, true]], [1, 3], 'bool')],
      ['scale', tf.scalar(0.25)],
      ['empty', tf.zeros([0, 4])],
    ]);
    const bytes = await encodeSafetensors(tensors, { producer: 'heed' });
    const decoded = decodeSafetensors(bytes);
    expect([...decoded.tensors.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [name, tensor] of tensors) {
      expectTensorsClose(decoded.tensors.get(name) as tf.Tensor, tensor, { atol: 0 });
    }
    expect(decoded.metadata).toEqual({ producer: 'heed' });
    tf.dispose([...tensors.values(), ...decoded.tensors.values()]);
  });

  it('writes a padded, 8-aligned header in a fixed order, whatever the insertion order', async () => {
    const a = tf.tensor1d([1, 2, 3]);
    const flags = tf.tensor1d([1, 0, 1], 'bool');
    const ids = tf.tensor1d([4, 5], 'int32');
    const first = await encodeSafetensors(
      new Map([
        ['flags', flags],
        ['b', ids],
        ['a', a],
      ]),
    );
    const second = await encodeSafetensors(
      new Map([
        ['a', a],
        ['b', ids],
        ['flags', flags],
      ]),
    );
    expect(first).toEqual(second);
    const headerLength = Number(new DataView(first.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    // Four-byte elements first (by name), one-byte elements last.
    expect(headerOf(first)).toEqual({
      a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
      b: { dtype: 'I32', shape: [2], data_offsets: [12, 20] },
      flags: { dtype: 'BOOL', shape: [3], data_offsets: [20, 23] },
    });
    tf.dispose([a, flags, ids]);
  });

  it('reads from a Node Buffer that views part of a larger allocation', async () => {
    const tensor = tf.tensor1d([0.5, -0.75, 9]);
    const bytes = await encodeSafetensors(new Map([['x', tensor]]));
    const pool = Buffer.alloc(bytes.length + 3);
    pool.set(bytes, 3);
    const decoded = decodeSafetensors(pool.subarray(3));
    expectTensorsClose(decoded.tensors.get('x') as tf.Tensor, tensor, { atol: 0 });
    tf.dispose([tensor, ...decoded.tensors.values()]);
  });

  it('round-trips random float32 tensors bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        fc.integer(),
        async (shape, seed) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const values = new Float32Array(size).map((_, i) => Math.sin(seed + i) * 10 ** (i % 7));
          const tensor = tf.tensor(values, shape, 'float32');
          const decoded = decodeSafetensors(await encodeSafetensors(new Map([['w', tensor]])));
          const back = decoded.tensors.get('w') as tf.Tensor;
          expect(back.shape).toEqual(shape);
          expect(back.dataSync()).toEqual(values);
          tf.dispose([tensor, back]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reads every dtype of a file written by NumPy exactly', async () => {
    const fixtures = new URL('../__fixtures__/', import.meta.url);
    const bytes = await readFile(new URL('numpy-written.safetensors', fixtures));
    const expected = JSON.parse(
      await readFile(new URL('numpy-written.json', fixtures), 'utf8'),
    ) as {
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: tf.DataType; shape: number[]; values: number[] }>;
    };
    const decoded = decodeSafetensors(bytes);
    expect(decoded.metadata).toEqual(expected.metadata);
    expect([...decoded.tensors.keys()].sort()).toEqual(Object.keys(expected.tensors).sort());
    for (const [name, spec] of Object.entries(expected.tensors)) {
      const want = tf.tensor(spec.values, spec.shape, spec.dtype);
      expectTensorsClose(decoded.tensors.get(name) as tf.Tensor, want, { atol: 0 });
      want.dispose();
    }
    // -0 keeps its sign.
    const weight = decoded.tensors.get('model.layers.0.weight') as tf.Tensor;
    expect(Object.is(weight.dataSync()[1], -0)).toBe(true);
    tf.dispose([...decoded.tensors.values()]);
  });

  it('reads half-precision infinities, NaN and negative zero', () => {
    const bits = new Uint8Array(new Uint16Array([0x7c00, 0xfc00, 0x7e00, 0x8000]).buffer);
    const decoded = decodeSafetensors(
      rawFile('{"h": {"dtype": "F16", "shape": [4], "data_offsets": [0, 8]}}', bits),
    );
    const values = Array.from((decoded.tensors.get('h') as tf.Tensor).dataSync());
    expect(values).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, -0]);
    expect(Object.is(values[3], -0)).toBe(true);
    tf.dispose([...decoded.tensors.values()]);
  });

  it('writes float32 as F16 with float16, rounding as NumPy does, and reads it back as float32', async () => {
    const fixture = JSON.parse(
      await readFile(new URL('../__fixtures__/float16.json', import.meta.url), 'utf8'),
    ) as { values: number[]; bits: number[] };
    const weights = tf.tensor1d(fixture.values);
    const ids = tf.tensor1d([7, -3], 'int32');
    const bytes = await encodeSafetensors(
      new Map([
        ['w', weights],
        ['ids', ids],
      ]),
      undefined,
      { float16: true },
    );
    const header = headerOf(bytes);
    expect(header).toEqual({
      ids: { dtype: 'I32', shape: [2], data_offsets: [0, 8] },
      w: {
        dtype: 'F16',
        shape: [fixture.values.length],
        data_offsets: [8, 8 + 2 * fixture.values.length],
      },
    });
    const dataStart = bytes.length - 8 - 2 * fixture.values.length;
    const halves = new Uint16Array(
      bytes.slice(dataStart + 8, dataStart + 8 + 2 * fixture.values.length).buffer,
    );
    expect(Array.from(halves)).toEqual(fixture.bits);
    const decoded = decodeSafetensors(bytes);
    const back = decoded.tensors.get('w') as tf.Tensor;
    expect(back.dtype).toBe('float32');
    const relative = fixture.values.map((value, i) =>
      Math.abs(value) < 6.1e-5
        ? Math.abs((back.dataSync()[i] as number) - value) <= 2 ** -25
        : Math.abs((back.dataSync()[i] as number) - value) <= Math.abs(value) * 2 ** -11,
    );
    expect(relative.every(Boolean)).toBe(true);
    expect(Array.from((decoded.tensors.get('ids') as tf.Tensor).dataSync())).toEqual([7, -3]);
    tf.dispose([weights, ids, ...decoded.tensors.values()]);
  });

  it('refuses to write a finite value beyond the float16 range, naming the tensor and element', async () => {
    const large = tf.tensor1d([1, -70000]);
    await expect(
      encodeSafetensors(new Map([['decoder.output.W', large]]), undefined, { float16: true }),
    ).rejects.toThrow(
      "encodeSafetensors: tensor 'decoder.output.W' cannot be stored as float16: element 1 is -70000, beyond the float16 range ±65504",
    );
    large.dispose();
  });

  it('refuses tensors it cannot store, naming them', async () => {
    const text = tf.tensor(['a'], [1], 'string');
    await expect(encodeSafetensors(new Map([['words', text]]))).rejects.toThrow(
      "encodeSafetensors: tensor 'words' has dtype string; only float32, int32 and bool can be stored",
    );
    const disposed = tf.scalar(1);
    disposed.dispose();
    await expect(encodeSafetensors(new Map([['w', disposed]]))).rejects.toThrow(
      "encodeSafetensors: tensor 'w' is disposed",
    );
    const fine = tf.scalar(1);
    await expect(encodeSafetensors(new Map([['__metadata__', fine]]))).rejects.toThrow(
      "'__metadata__' cannot be a tensor name",
    );
    await expect(
      encodeSafetensors(new Map([['w', fine]]), { step: 3 } as unknown as Record<string, string>),
    ).rejects.toThrow('metadata values must be strings. Received: step=3');
    tf.dispose([text, fine]);
  });

  it('decodes without leaking and encodes without leaking', async () => {
    const tensor = tf.tensor2d([[1, 2]]);
    const bytes = await expectNoLeaks(() => encodeSafetensors(new Map([['w', tensor]])));
    await expectNoLeaks(() => tf.dispose([...decodeSafetensors(bytes).tensors.values()]));
    tensor.dispose();
  });
});

describe('decodeSafetensors on truncated or corrupt files', () => {
  const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

  it('names a file too short for the header length', () => {
    expectCorrupt(new Uint8Array(5), '5 bytes is too short to hold the 8-byte header length');
  });

  it('names a header length beyond the end of the file', async () => {
    const tensor = tf.tensor1d([1, 2, 3]);
    const bytes = await encodeSafetensors(new Map([['w', tensor]]));
    tensor.dispose();
    expectCorrupt(bytes.subarray(0, 20), /header length \d+ exceeds the 12 bytes that follow it/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
    expectCorrupt(huge, 'header length 9223372036854775808 exceeds the 8 bytes');
  });

  it('names a header that is not JSON or not an object', () => {
    expectCorrupt(rawFile('{"w": {"dtype": "F32",'), /header is not valid JSON \(/);
    expectCorrupt(rawFile('[1, 2]'), 'header must be a JSON object');
    expectCorrupt(
      rawFile('{"__metadata__": {"step": 3}}'),
      '__metadata__ must be an object of strings',
    );
  });

  it('names the tensor with an unsupported dtype, shape or offsets', () => {
    expectCorrupt(
      rawFile(
        '{"w": {"dtype": "F8_E4M3", "shape": [1], "data_offsets": [0, 1]}}',
        new Uint8Array(1),
      ),
      `tensor 'w': unsupported dtype "F8_E4M3" (heed reads F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)`,
    );
    expectCorrupt(
      rawFile('{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}', f32([1])),
      "tensor 'w': shape must be a list of non-negative integers",
    );
    expectCorrupt(
      rawFile('{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}', f32([1])),
      "tensor 'w': data_offsets must be two non-negative integers",
    );
  });

  it('names offsets out of range and sizes that do not match the shape', () => {
    expectCorrupt(
      rawFile('{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 12]}}', f32([1, 2])),
      "tensor 'w': data_offsets [0, 12] lie outside the 8 data bytes (truncated file?)",
    );
    expectCorrupt(
      rawFile('{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}', f32([1, 2])),
      "tensor 'w': F32[3] needs 12 bytes but data_offsets [0, 8] hold 8",
    );
  });

  it('names gaps, overlaps and trailing bytes in the data', () => {
    const two = '"dtype": "F32", "shape": [1]';
    expectCorrupt(
      rawFile(
        `{"a": {${two}, "data_offsets": [0, 4]}, "b": {${two}, "data_offsets": [0, 4]}}`,
        f32([1, 2]),
      ),
      /tensor '[ab]' starts at byte 0, expected 4 \(overlapping or missing data\)/,
    );
    expectCorrupt(
      rawFile(`{"a": {${two}, "data_offsets": [0, 4]}}`, f32([1, 2])),
      'the header describes 4 data bytes but the file holds 8',
    );
  });

  it('names values that TF.js cannot hold', () => {
    const big = new Uint8Array(new BigInt64Array([5n, 2n ** 40n]).buffer);
    expectCorrupt(
      rawFile('{"ids": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]}}', big),
      "tensor 'ids': element 1 of an I64 tensor is 1099511627776, outside the int32 range TF.js holds",
    );
    expectCorrupt(
      rawFile(
        '{"m": {"dtype": "BOOL", "shape": [2], "data_offsets": [0, 2]}}',
        new Uint8Array([1, 2]),
      ),
      "tensor 'm': element 1 of a BOOL tensor is 2, not 0 or 1",
    );
  });

  it('defaults the source name to "safetensors"', () => {
    expect(() => decodeSafetensors(new Uint8Array(2))).toThrow(/^safetensors: 2 bytes/);
  });
});
