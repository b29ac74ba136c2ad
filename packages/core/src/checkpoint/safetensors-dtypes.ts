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

/** The safetensors dtype each storable TF.js dtype is written as (float32 may also be written as F16). */
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

const floatView = new Float32Array(1);
const floatBits = new Uint32Array(floatView.buffer);

/**
 * A number → the IEEE 754 binary16 bits of the nearest half (ties to even),
 * as NumPy's `astype(np.float16)` rounds: ±Infinity beyond ±65504 (above
 * 65519.99…), subnormal halves below 2⁻¹⁴, NaN kept. The value is first
 * rounded to float32, as a TF.js float32 tensor holds it.
 */
export function floatToHalf(value: number): number {
  floatView[0] = value;
  const bits = floatBits[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent > 0) {
    // Normal half: keep the top 10 of 23 mantissa bits; a carry may reach the exponent (→ Infinity).
    const half = (halfExponent << 10) | (mantissa >>> 13);
    return sign | Math.min(0x7c00, roundHalfToEven(half, mantissa & 0x1fff, 0x1000));
  }
  // Subnormal half: the full 24-bit significand in units of 2⁻²⁴.
  const shift = 14 - halfExponent;
  if (shift > 24) return sign;
  const significand = mantissa | 0x800000;
  const half = significand >>> shift;
  return sign | roundHalfToEven(half, significand & ((1 << shift) - 1), 1 << (shift - 1));
}

function roundHalfToEven(truncated: number, remainder: number, halfway: number): number {
  return remainder > halfway || (remainder === halfway && truncated & 1)
    ? truncated + 1
    : truncated;
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
