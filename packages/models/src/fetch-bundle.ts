import { fetchBytes, resolvePageUrl } from '@heed/core';
import { type Bundle, decodeBundle } from './bundle';

/** Options of `fetchBundle`. */
export interface FetchBundleOptions {
  /** The `fetch` to use (e.g. one that adds headers). Defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Downloads a bundle (`model.safetensors`, as `encodeBundle` or
 * `heed-nmt export` writes it) and rebuilds the model and its tokenizers. A
 * relative URL is resolved against the page. A failed or refused request,
 * or bytes that are not a bundle, throw a `HeedError` naming the URL (and
 * the HTTP status).
 *
 * ```ts
 * const { model, tokenizers } = await fetchBundle('/models/en-de/model.safetensors');
 * ```
 */
export async function fetchBundle(
  url: string | URL,
  options: FetchBundleOptions = {},
): Promise<Bundle> {
  const address = resolvePageUrl(url, 'fetchBundle');
  const bytes = await fetchBytes(address, {
    owner: 'fetchBundle',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return decodeBundle(bytes, { source: address.href });
}
