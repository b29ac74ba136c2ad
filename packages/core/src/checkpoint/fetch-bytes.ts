import { HeedError } from '../errors';

/** Options of `fetchBytes`. */
export interface FetchBytesOptions {
  /** The `fetch` to use (e.g. one that adds headers). Defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Names the caller in error messages, e.g. `'fetchBundle'`. Defaults to 'fetchBytes'. */
  owner?: string;
}

/**
 * `url` as an absolute URL: resolved against the page in a browser, as it is
 * elsewhere. A string that is no URL throws a `HeedError` naming `owner`.
 */
export function resolvePageUrl(url: string | URL, owner = 'fetchBytes'): URL {
  if (url instanceof URL) return url;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(url, base);
  } catch (error) {
    throw new HeedError(`${owner}: '${url}' is not a URL (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/**
 * Downloads the bytes at `url`. A failed request, or a response that is not
 * OK, throws a `HeedError` naming `owner`, the URL and the cause or HTTP
 * status: `fetchBundle: could not fetch https://…/model.safetensors (HTTP 404 Not Found)`.
 * With `allowMissing`, a 404 gives undefined instead.
 */
export async function fetchBytes(
  url: URL,
  options: FetchBytesOptions & { allowMissing: true },
): Promise<Uint8Array | undefined>;
export async function fetchBytes(url: URL, options?: FetchBytesOptions): Promise<Uint8Array>;
export async function fetchBytes(
  url: URL,
  options: FetchBytesOptions & { allowMissing?: boolean } = {},
): Promise<Uint8Array | undefined> {
  const owner = options.owner ?? 'fetchBytes';
  const fetchFile = options.fetch ?? globalThis.fetch;
  if (typeof fetchFile !== 'function') {
    throw new HeedError(
      `${owner}: this runtime has no fetch to download ${url.href}; pass options.fetch`,
    );
  }
  let response: Response;
  try {
    response = await fetchFile(url.href);
  } catch (error) {
    throw new HeedError(`${owner}: could not fetch ${url.href} (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (response.status === 404 && options.allowMissing) return undefined;
  if (!response.ok) {
    throw new HeedError(
      `${owner}: could not fetch ${url.href} (HTTP ${response.status} ${response.statusText})`.trimEnd(),
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
