import { HeedError } from '@heed/core';
import { describe, expect, it } from 'vitest';
import { teacherForcedLogits, tinySpecs, tinyTokenizers } from '../test/tiny-models';
import { encodeBundle } from './bundle';
import { fetchBundle } from './fetch-bundle';
import { modelFromSpec } from './model-spec';

const tokenizers = tinyTokenizers();

describe('fetchBundle', () => {
  it('downloads and rebuilds a bundle', async () => {
    const model = modelFromSpec(tinySpecs(tokenizers).transformer);
    const bytes = await encodeBundle(model, tokenizers);
    const requested: string[] = [];
    const fetch = (async (url: string) => {
      requested.push(url);
      return new Response(bytes as Uint8Array<ArrayBuffer>);
    }) as typeof globalThis.fetch;
    const bundle = await fetchBundle('https://example.org/en-es/model.safetensors', { fetch });
    expect(requested).toEqual(['https://example.org/en-es/model.safetensors']);
    expect(teacherForcedLogits(bundle.model)).toEqual(teacherForcedLogits(model));
    bundle.model.dispose();
    model.dispose();
  });

  it('names the URL and the HTTP status of a refused request, and the cause of a failed one', async () => {
    const notFound = (async () =>
      new Response('missing', { status: 404, statusText: 'Not Found' })) as typeof globalThis.fetch;
    const refused = fetchBundle(new URL('https://example.org/m.safetensors'), { fetch: notFound });
    await expect(refused).rejects.toThrow(
      'fetchBundle: could not fetch https://example.org/m.safetensors (HTTP 404 Not Found)',
    );
    await refused.catch((error) => expect(HeedError.isInstance(error)).toBe(true));
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(
      fetchBundle('http://127.0.0.1:9/m.safetensors', { fetch: offline }),
    ).rejects.toThrow(
      'fetchBundle: could not fetch http://127.0.0.1:9/m.safetensors (fetch failed)',
    );
  });

  it('names the URL when the bytes are not a bundle', async () => {
    const html = (async () => new Response('<!doctype html>')) as typeof globalThis.fetch;
    await expect(fetchBundle('https://example.org/index.html', { fetch: html })).rejects.toThrow(
      /^https:\/\/example\.org\/index\.html: /,
    );
  });

  it('refuses a relative URL where there is no page to resolve it against', async () => {
    await expect(fetchBundle('models/m.safetensors')).rejects.toThrow(
      /^fetchBundle: 'models\/m\.safetensors' is not a URL/,
    );
  });
});
