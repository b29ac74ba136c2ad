import type * as tf from '@tensorflow/tfjs-core';

/** The safetensors element types heed reads; F32, I32 and BOOL are also the ones it writes. */
export type SafetensorsDtype =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U8'
  | 'BOOL';

/** The TF.js dtypes a safetensors file can hold. */
export type StorableDtype = 'float32' | 'int32' | 'bool';

type Values = Float32Array | Int32Array | Uint8Array;

interface DtypeReader {
  /** Bytes per element. */
  readonly size: number;
  /** The TF.js dtype the values become. */
  readonly dtype: StorableDtype;
  /**
   * Converts `bytes` (a fresh, aligned copy, little-endian) to TF.js values;
   * returns an error text when a value cannot be represented.
   */
  readonly convert: (bytes: Uint8Array) => Values | string;
}

/**
 * How each stored dtype is read. The typed-array views assume a
 * little-endian host, as TF.js's own weight loader does.
 */
export const DTYPE_READERS: Readonly<Record<SafetensorsDtype, DtypeReader>> = {
  F64: {
    size: 8,
    dtype: 'float32',
    convert: (bytes) => Float32Array.from(new Float64Array(bytes.buffer)),
  },
  F32: { size: 4, dtype: 'float32', convert: (bytes) => new Float32Array(bytes.buffer) },
  F16: {
    size: 2,
    dtype: 'float32',
    convert: (bytes) => Float32Array.from(new Uint16Array(bytes.buffer), halfToFloat),
  },
  BF16: {
    size: 2,
    dtype: 'float32',
    // bfloat16 is the top half of a float32.
    convert: (bytes) =>
      new Float32Array(
        Uint32Array.from(new Uint16Array(bytes.buffer), (bits) => bits << 16).buffer,
      ),
  },
  I64: {
    size: 8,
    dtype: 'int32',
    convert: (bytes) => narrowToInt32(new BigInt64Array(bytes.buffer)),
  },
  I32: { size: 4, dtype: 'int32', convert: (bytes) => new Int32Array(bytes.buffer) },
  I16: {
    size: 2,
    dtype: 'int32',
    convert: (bytes) => Int32Array.from(new Int16Array(bytes.buffer)),
  },
  I8: { size: 1, dtype: 'int32', convert: (bytes) => Int32Array.from(new Int8Array(bytes.buffer)) },
  U8: { size: 1, dtype: 'int32', convert: (bytes) => Int32Array.from(bytes) },
  BOOL: {
    size: 1,
    dtype: 'bool',
    convert: (bytes) => {
      const bad = bytes.findIndex((value) => value > 1);
      return bad < 0 ? bytes : `element ${bad} of a BOOL tensor is ${bytes[bad]}, not 0 or 1`;
    },
  },
};

/** The safetensors dtype each storable TF.js dtype is written as. */
export const WRITTEN_DTYPES: Readonly<Record<StorableDtype, SafetensorsDtype>> = {
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

export function isReadableDtype(name: unknown): name is SafetensorsDtype {
  return typeof name === 'string' && Object.hasOwn(DTYPE_READERS, name);
}

export function isStorableDtype(dtype: tf.DataType): dtype is StorableDtype {
  return Object.hasOwn(WRITTEN_DTYPES, dtype);
}

function narrowToInt32(values: BigInt64Array): Int32Array | string {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0n;
    if (value < -2147483648n || value > 2147483647n) {
      return `element ${i} of an I64 tensor is ${value}, outside the int32 range TF.js holds`;
    }
    out[i] = Number(value);
  }
  return out;
}

/** IEEE 754 binary16 bits → number (exact: every half is a float32). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
