import { decodeSafetensors, disposeTree, encodeSafetensors, HeedError } from '@heed/core';
import { type ModelSpec, modelFromSpec, specOf, type TranslationModel } from './model-spec';
import {
  assertTokenizersFit,
  type TokenizerPair,
  type TokenizerPairJSON,
  tokenizersFromJSON,
  tokenizersToJSON,
} from './tokenizer-pair';

/** Marks a safetensors file as a heed inference bundle. */
export const BUNDLE_FORMAT = 'heed-inference';
/** The bundle version this code writes and reads. */
export const BUNDLE_VERSION = 1;
/** The `__metadata__` key holding the bundle's header (JSON). */
export const BUNDLE_METADATA_KEY = 'heed';
/** The bundle's file name in a directory, e.g. the one `heed-nmt export` writes. */
export const BUNDLE_FILE = 'model.safetensors';

/** How the weights are stored: float16 halves the file and loads back as float32. */
export type BundleDtype = 'float32' | 'float16';

/** What a bundle's `__metadata__.heed` entry holds. */
export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  /** The architecture and its complete config. */
  spec: ModelSpec;
  /** Both tokenizers, as `tokenizer.toJSON()`. */
  tokenizers: TokenizerPairJSON;
  /** How the float weights are stored. */
  dtype: BundleDtype;
}

/** Options of `encodeBundle`. */
export interface EncodeBundleOptions {
  /**
   * Store the weights as float16 (half the bytes; they load back as float32,
   * rounded to the nearest half). Defaults to false.
   */
  float16?: boolean;
  /** Further `__metadata__` entries (strings), e.g. how the model was trained. Defaults to none. */
  metadata?: Readonly<Record<string, string>>;
}

/** Options of `decodeBundle`. */
export interface DecodeBundleOptions {
  /** Names the bundle in error messages, e.g. its file or URL. Defaults to 'bundle'. */
  source?: string;
}

/** A model ready to translate, with its tokenizers, as a bundle restores it. */
export interface Bundle {
  /** The model, weights loaded (float32 whatever the stored dtype). The caller disposes it. */
  model: TranslationModel;
  tokenizers: TokenizerPair;
  spec: ModelSpec;
  /** How the weights were stored. */
  dtype: BundleDtype;
  /** The other `__metadata__` entries (`EncodeBundleOptions.metadata`). */
  metadata: Record<string, string>;
}

/**
 * Serialises a model for inference as ONE safetensors file: the weights
 * (no optimiser state), with the spec and both tokenizers as JSON in its
 * `__metadata__` under `heed`. Any safetensors reader opens it; heed reads it
 * back with `decodeBundle`, `fetchBundle` or, under Node, `loadBundle`.
 *
 * ```ts
 * const bytes = await encodeBundle(model, { source, target }, { float16: true });
 * ```
 */
export async function encodeBundle(
  model: TranslationModel,
  tokenizers: TokenizerPair,
  options: EncodeBundleOptions = {},
): Promise<Uint8Array> {
  const spec = specOf(model);
  assertTokenizersFit(spec, tokenizers, 'encodeBundle');
  if (options.metadata && Object.hasOwn(options.metadata, BUNDLE_METADATA_KEY)) {
    throw new HeedError(
      `encodeBundle: metadata cannot hold the key '${BUNDLE_METADATA_KEY}'; the bundle's header is stored there`,
    );
  }
  const float16 = options.float16 ?? false;
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    spec,
    tokenizers: tokenizersToJSON(tokenizers),
    dtype: float16 ? 'float16' : 'float32',
  };
  return encodeSafetensors(
    model.namedParameters(),
    { ...options.metadata, [BUNDLE_METADATA_KEY]: JSON.stringify(header) },
    { float16 },
  );
}

/**
 * Rebuilds a model and its tokenizers from a bundle's bytes (`encodeBundle`):
 * checks the header, builds the model from its spec and loads the weights
 * (names, shapes and dtypes checked; F16 becomes float32). A file that is not
 * a bundle, of another version, truncated or inconsistent throws a
 * `HeedError` naming `options.source` and the problem; nothing is left
 * allocated then.
 */
export function decodeBundle(
  bytes: Uint8Array | ArrayBuffer,
  options: DecodeBundleOptions = {},
): Bundle {
  const source = options.source ?? 'bundle';
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(view instanceof Uint8Array)) {
    throw new HeedError(
      `decodeBundle: expected the bundle's bytes (Uint8Array or ArrayBuffer) for ${source}. Received: ${describeType(bytes)}`,
    );
  }
  const { tensors, metadata } = decodeSafetensors(view, { source });
  try {
    const { [BUNDLE_METADATA_KEY]: headerText, ...rest } = metadata;
    const header = parseHeader(headerText, source);
    let tokenizers: TokenizerPair;
    try {
      tokenizers = tokenizersFromJSON(header.tokenizers);
    } catch (error) {
      throw new HeedError(`${source}: ${(error as Error).message}`, { cause: error });
    }
    assertTokenizersFit(header.spec, tokenizers, source);
    let model: TranslationModel;
    try {
      model = modelFromSpec(header.spec);
    } catch (error) {
      throw new HeedError(
        `${source}: cannot build the stored model (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    try {
      model.assignParameters(tensors);
    } catch (error) {
      model.dispose();
      throw new HeedError(`${source}: ${(error as Error).message}`, { cause: error });
    }
    return { model, tokenizers, spec: header.spec, dtype: header.dtype, metadata: rest };
  } finally {
    disposeTree([...tensors.values()]);
  }
}

/** The `heed` metadata entry as a checked header. */
function parseHeader(text: string | undefined, source: string): BundleHeader {
  if (text === undefined) {
    throw new HeedError(
      `${source}: not a heed inference bundle (its __metadata__ has no '${BUNDLE_METADATA_KEY}' entry)`,
    );
  }
  let header: Partial<BundleHeader> | null;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new HeedError(
      `${source}: the '${BUNDLE_METADATA_KEY}' metadata entry is not valid JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (typeof header !== 'object' || header === null || header.format !== BUNDLE_FORMAT) {
    throw new HeedError(
      `${source}: not a heed inference bundle (format ${JSON.stringify(header?.format)}, expected '${BUNDLE_FORMAT}')`,
    );
  }
  if (header.version !== BUNDLE_VERSION) {
    throw new HeedError(
      `${source}: bundle version ${JSON.stringify(header.version)} is not supported; this @heed/models reads version ${BUNDLE_VERSION}`,
    );
  }
  if (header.dtype !== 'float32' && header.dtype !== 'float16') {
    throw new HeedError(
      `${source}: the bundle's dtype must be 'float32' or 'float16'. Received: dtype=${JSON.stringify(header.dtype)}`,
    );
  }
  if (typeof header.spec !== 'object' || header.spec === null) {
    throw new HeedError(`${source}: the bundle's header holds no model spec`);
  }
  if (typeof header.tokenizers !== 'object' || header.tokenizers === null) {
    throw new HeedError(`${source}: the bundle's header holds no tokenizers`);
  }
  return header as BundleHeader;
}

function describeType(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return value.constructor?.name ?? 'object';
}
