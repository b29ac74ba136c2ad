import { HeedError } from '@heed/core';
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
  const href = resolveUrl(url);
  const fetchFile = options.fetch ?? globalThis.fetch;
  if (typeof fetchFile !== 'function') {
    throw new HeedError(
      `fetchBundle: this runtime has no fetch to download ${href}; pass options.fetch`,
    );
  }
  let response: Response;
  try {
    response = await fetchFile(href);
  } catch (error) {
    throw new HeedError(`fetchBundle: could not fetch ${href} (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new HeedError(
      `fetchBundle: could not fetch ${href} (HTTP ${response.status} ${response.statusText})`.trimEnd(),
    );
  }
  return decodeBundle(new Uint8Array(await response.arrayBuffer()), { source: href });
}

/** `url` as an absolute URL, resolved against the page when relative. */
function resolveUrl(url: string | URL): string {
  if (url instanceof URL) return url.href;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(url, base).href;
  } catch (error) {
    throw new HeedError(`fetchBundle: '${url}' is not a URL (${(error as Error).message})`, {
      cause: error,
    });
  }
}
