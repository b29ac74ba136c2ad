import * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../errors';
import {
  DTYPE_READERS,
  floatToHalf,
  isReadableDtype,
  isStorableDtype,
  type SafetensorsDtype,
  WRITTEN_DTYPES,
} from './safetensors-dtypes';

/** Options for `decodeSafetensors`. */
export interface DecodeOptions {
  /** Names the bytes in error messages, e.g. a file path. Defaults to 'safetensors'. */
  source?: string;
}

/** Options for `encodeSafetensors`. */
export interface EncodeSafetensorsOptions {
  /**
   * Write float32 tensors as F16 (half the bytes, values rounded to the
   * nearest half, ties to even); int32 and bool are written as they are. A
   * finite value beyond the half range (±65504) is an error. `decodeSafetensors`
   * reads F16 back as float32. Defaults to false.
   */
  float16?: boolean;
}

/** What a safetensors file holds. */
export interface DecodedSafetensors {
  /** Tensors by name, as float32, int32 or bool (the caller disposes them). */
  tensors: Map<string, tf.Tensor>;
  /** The free-form `__metadata__` string map; empty when the file has none. */
  metadata: Record<string, string>;
}

interface HeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

const METADATA_KEY = '__metadata__';
/** The reference implementation's limit on the header size. */
const MAX_HEADER_BYTES = 100_000_000;

/**
 * Serialises tensors in the safetensors format (https://github.com/huggingface/safetensors):
 * an 8-byte little-endian header length, a JSON header giving each tensor's
 * dtype, shape and byte range, then the raw little-endian data. Names are
 * written sorted (largest element size first, then by name), so the same
 * tensors always give the same bytes and every tensor's data is aligned to
 * its element size. float32 → F32 (F16 with `options.float16`), int32 → I32,
 * bool → BOOL. Works in the browser as in Node.
 */
export async function encodeSafetensors(
  tensors: ReadonlyMap<string, tf.Tensor>,
  metadata?: Readonly<Record<string, string>>,
  options: EncodeSafetensorsOptions = {},
): Promise<Uint8Array> {
  const float16 = options.float16 ?? false;
  const entries = [...tensors].map(([name, tensor]) => {
    if (name === '' || name === METADATA_KEY) {
      throw new HeedError(`encodeSafetensors: '${name}' cannot be a tensor name`);
    }
    if (tensor.isDisposed) {
      throw new HeedError(`encodeSafetensors: tensor '${name}' is disposed`);
    }
    if (!isStorableDtype(tensor.dtype)) {
      throw new HeedError(
        `encodeSafetensors: tensor '${name}' has dtype ${tensor.dtype}; only float32, int32 and bool can be stored`,
      );
    }
    const dtype = float16 && tensor.dtype === 'float32' ? 'F16' : WRITTEN_DTYPES[tensor.dtype];
    return { name, tensor, dtype };
  });
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string') {
      throw new HeedError(
        `encodeSafetensors: metadata values must be strings. Received: ${key}=${JSON.stringify(value)}`,
      );
    }
  }
  entries.sort(
    (a, b) =>
      DTYPE_READERS[b.dtype].size - DTYPE_READERS[a.dtype].size ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );

  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header[METADATA_KEY] = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor, dtype } of entries) {
    const data = await tensor.data();
    const bytes =
      dtype === 'F16'
        ? toBytes(toHalves(name, data as Float32Array))
        : toBytes(tensor.dtype === 'bool' ? Uint8Array.from(data as Uint8Array) : data);
    header[name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8; // padded with spaces, so data starts 8-aligned
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

/**
 * Reads a safetensors file. F32, I32 and BOOL load as they are; F64, F16 and
 * BF16 become float32, I64, I16, I8 and U8 become int32 (an I64 value outside
 * the int32 range is an error). The header is checked in full before any
 * tensor is made: a truncated or corrupt file throws a `HeedError` naming
 * `options.source` and the problem.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): DecodedSafetensors {
  const source = options.source ?? 'safetensors';
  // A plain view: Node's Buffer#slice does not copy, Uint8Array#slice does.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { entries, metadata, dataStart } = parseHeader(view, source);
  const converted = entries.map((entry) => {
    const reader = DTYPE_READERS[entry.dtype];
    const values = reader.convert(view.slice(dataStart + entry.begin, dataStart + entry.end));
    if (typeof values === 'string') throw corrupt(source, `tensor '${entry.name}': ${values}`);
    return { entry, values, dtype: reader.dtype };
  });
  const tensors = new Map<string, tf.Tensor>();
  for (const { entry, values, dtype } of converted) {
    tensors.set(entry.name, tf.tensor(values, entry.shape, dtype));
  }
  return { tensors, metadata };
}

function parseHeader(
  view: Uint8Array,
  source: string,
): { entries: HeaderEntry[]; metadata: Record<string, string>; dataStart: number } {
  if (view.length < 8) {
    throw corrupt(source, `${view.length} bytes is too short to hold the 8-byte header length`);
  }
  const declared = new DataView(view.buffer, view.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(Math.min(view.length - 8, MAX_HEADER_BYTES))) {
    throw corrupt(
      source,
      `header length ${declared} exceeds the ${view.length - 8} bytes that follow it (truncated or not a safetensors file)`,
    );
  }
  const headerLength = Number(declared);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(view.subarray(8, 8 + headerLength)),
    );
  } catch (error) {
    throw corrupt(source, `header is not valid JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw corrupt(source, 'header must be a JSON object');
  }
  const dataStart = 8 + headerLength;
  const dataLength = view.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      metadata = parseMetadata(raw, source);
      continue;
    }
    entries.push(parseEntry(name, raw, dataLength, source));
  }
  checkCoverage(entries, dataLength, source);
  return { entries, metadata, dataStart };
}

function parseMetadata(raw: unknown, source: string): Record<string, string> {
  if (
    raw === null ||
    typeof raw !== 'object' ||
    Array.isArray(raw) ||
    !Object.values(raw).every((value) => typeof value === 'string')
  ) {
    throw corrupt(source, `${METADATA_KEY} must be an object of strings`);
  }
  return { ...(raw as Record<string, string>) };
}

function parseEntry(name: string, raw: unknown, dataLength: number, source: string): HeaderEntry {
  const field = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (field === null || typeof field !== 'object') {
    throw corrupt(source, `tensor '${name}': entry must be an object`);
  }
  const { dtype, shape, data_offsets: offsets } = field;
  if (!isReadableDtype(dtype)) {
    throw corrupt(
      source,
      `tensor '${name}': unsupported dtype ${JSON.stringify(dtype)} (heed reads ${Object.keys(DTYPE_READERS).join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw corrupt(source, `tensor '${name}': shape must be a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw corrupt(source, `tensor '${name}': data_offsets must be two non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    throw corrupt(
      source,
      `tensor '${name}': data_offsets [${begin}, ${end}] lie outside the ${dataLength} data bytes (truncated file?)`,
    );
  }
  const expected = shape.reduce((a: number, b: number) => a * b, 1) * DTYPE_READERS[dtype].size;
  if (end - begin !== expected) {
    throw corrupt(
      source,
      `tensor '${name}': ${dtype}[${shape.join(', ')}] needs ${expected} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

/** The tensors' byte ranges must tile the data exactly: no gaps, overlaps or trailing bytes. */
function checkCoverage(entries: readonly HeaderEntry[], dataLength: number, source: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const entry of sorted) {
    if (entry.begin !== covered) {
      throw corrupt(
        source,
        `tensor '${entry.name}' starts at byte ${entry.begin}, expected ${covered} (overlapping or missing data)`,
      );
    }
    covered = entry.end;
  }
  if (covered !== dataLength) {
    throw corrupt(
      source,
      `the header describes ${covered} data bytes but the file holds ${dataLength}`,
    );
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** float32 values → binary16 bits; a finite value that becomes Infinity is an error naming the tensor. */
function toHalves(name: string, values: Float32Array): Uint16Array {
  const halves = Uint16Array.from(values, floatToHalf);
  const overflow = values.findIndex(
    (value, i) => Number.isFinite(value) && ((halves[i] as number) & 0x7fff) === 0x7c00,
  );
  if (overflow >= 0) {
    throw new HeedError(
      `encodeSafetensors: tensor '${name}' cannot be stored as float16: element ${overflow} is ${values[overflow]}, beyond the float16 range ±65504`,
    );
  }
  return halves;
}

function toBytes(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function corrupt(source: string, problem: string): HeedError {
  return new HeedError(`${source}: ${problem}`);
}
