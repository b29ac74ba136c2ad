import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readTsv } from '../readers/read-tsv';
import { downloadCorpus } from './download-corpus';
import { DownloadError } from './download-error';

const text = (s: string) => new TextEncoder().encode(s);
/** Bytes that do not compress, so size limits are hit without tripping the ratio check. */
const noise = (length: number, seed: number) => {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
};

/** Rewrites the uncompressed size of every entry (local and central headers) to `size`. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

const SPA = 'Go.\tVe.\tCC-BY 2.0 (France) Attribution: tatoeba.org\nHi.\tHola.\tCC-BY 2.0\n';
const GOOD = zipSync({ 'spa.txt': text(SPA), '_about.txt': text('Tatoeba sentence pairs') });
const ARCHIVES: Record<string, Uint8Array> = {
  '/spa-eng.zip': GOOD,
  '/slip.zip': zipSync({ 'ok.txt': text('fine'), '../evil.txt': text('escaped') }),
  '/absolute.zip': zipSync({ '/tmp/abs.txt': text('x') }),
  '/backslash.zip': zipSync({ 'a\\..\\..\\x.txt': text('x') }),
  '/nested-slip.zip': zipSync({ 'a/../../x.txt': text('x') }),
  '/ratio-bomb.zip': zipSync({ 'zeros.txt': new Uint8Array(2_000_000) }, { level: 9 }),
  '/size-lie.zip': lieAboutSizes(zipSync({ 'lie.txt': new Uint8Array(100_000) }, { level: 9 }), 10),
  '/total.zip': zipSync(
    { 'a.txt': noise(4000, 1), 'b.txt': noise(4000, 2), 'c.txt': noise(4000, 3) },
    { level: 0 },
  ),
  '/many.zip': zipSync(
    Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, text(`${i}`)])),
  ),
  '/not-a-zip.zip': text('<html>moved</html>'),
};

let server: Server;
let base: string;
let cacheDir: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/chunked.zip') {
      // No Content-Length: the size limit must be enforced while streaming.
      response.writeHead(200, { 'content-type': 'application/zip' });
      response.write(noise(6000, 4));
      response.write(noise(6000, 5));
      response.end();
      return;
    }
    const body = ARCHIVES[path];
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length });
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
});

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'heed-download-'));
  return () => rmSync(cacheDir, { recursive: true, force: true });
});

const failure = async (options: Parameters<typeof downloadCorpus>[0]) => {
  const error = await downloadCorpus(options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DownloadError);
  return error as DownloadError;
};

describe('downloadCorpus', () => {
  it('downloads, verifies, extracts, and then serves from the cache', async () => {
    const sha256 = createHash('sha256').update(GOOD).digest('hex');
    const before = hits.get('/spa-eng.zip') ?? 0;
    const first = await downloadCorpus({ url: `${base}/spa-eng.zip`, cacheDir, sha256 });
    expect(first).toMatchObject({ cached: false, sha256, directory: join(cacheDir, 'spa-eng') });
    expect(first.files.sort()).toEqual(['_about.txt', 'spa.txt']);
    expect(readFileSync(first.archive)).toEqual(Buffer.from(GOOD));
    const pairs = await readTsv(join(first.directory, 'spa.txt')).toArray();
    expect(pairs.map((p) => p.target)).toEqual(['Ve.', 'Hola.']);

    const second = await downloadCorpus({ url: `${base}/spa-eng.zip`, cacheDir, sha256 });
    expect(second.cached).toBe(true);
    expect(hits.get('/spa-eng.zip')).toBe(before + 1);

    const forced = await downloadCorpus({ url: `${base}/spa-eng.zip`, cacheDir, force: true });
    expect(forced.cached).toBe(false);
    expect(hits.get('/spa-eng.zip')).toBe(before + 2);
    expect(readdirSync(cacheDir).sort()).toEqual(['spa-eng', 'spa-eng.zip']);
  });

  it('names a corrupt cache marker and how to replace it, and --force still downloads', async () => {
    const url = `${base}/spa-eng.zip`;
    const { directory } = await downloadCorpus({ url, cacheDir });
    const marker = join(directory, '.heed-download.json');
    for (const contents of ['{"sha256": "ab', '{"files": 3}']) {
      writeFileSync(marker, contents);
      const error = await failure({ url, cacheDir });
      expect(error.reason).toBe('bad-cache');
      expect(error.message).toMatch(
        new RegExp(
          `^downloadCorpus: ${marker.replace(/[.\\/]/g, '\\$&')}: the cache marker .*; pass force: true \\(heed-nmt download --force\\) to download again$`,
        ),
      );
      expect(readFileSync(marker, 'utf8')).toBe(contents);
    }
    expect((await downloadCorpus({ url, cacheDir, force: true })).cached).toBe(false);
  });

  it('refuses an archive whose SHA-256 differs, writing nothing', async () => {
    const error = await failure({
      url: `${base}/spa-eng.zip`,
      cacheDir,
      name: 'checked',
      sha256: '0'.repeat(64),
    });
    expect(error.reason).toBe('checksum');
    expect(error.message).toMatch(
      /^downloadCorpus: SHA-256 of .* is [0-9a-f]{64}, expected 0{64}$/,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it.each([
    ['/slip.zip', "refusing entry '../evil.txt': '..' segment"],
    ['/absolute.zip', "refusing entry '/tmp/abs.txt': absolute path"],
    ['/backslash.zip', "refusing entry 'a\\..\\..\\x.txt': backslash in name"],
    ['/nested-slip.zip', "refusing entry 'a/../../x.txt': '..' segment"],
  ])('refuses zip-slip names (%s) and leaves the cache empty', async (path, message) => {
    const error = await failure({ url: `${base}${path}`, cacheDir });
    expect(error.reason).toBe('unsafe-path');
    expect(error.message).toBe(`downloadCorpus: ${message}`);
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(existsSync(join(cacheDir, '..', 'evil.txt'))).toBe(false);
  });

  it('refuses a zip bomb by its declared compression ratio', async () => {
    const error = await failure({ url: `${base}/ratio-bomb.zip`, cacheDir });
    expect(error.reason).toBe('zip-bomb');
    expect(error.message).toMatch(
      /entry 'zeros.txt' expands \d+ bytes to 2000000, a ratio above maxRatio=100/,
    );
  });

  it('stops an entry that inflates past its declared size', async () => {
    const error = await failure({ url: `${base}/size-lie.zip`, cacheDir });
    expect(error.reason).toBe('zip-bomb');
    expect(error.message).toBe(
      "downloadCorpus: entry 'lie.txt' inflates past its declared 10 bytes",
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('enforces the total, per-entry and entry-count limits', async () => {
    const total = await failure({ url: `${base}/total.zip`, cacheDir, maxTotalBytes: 10_000 });
    expect(total.message).toBe(
      'downloadCorpus: entries declare more than maxTotalBytes=10000 bytes in all',
    );
    const entry = await failure({ url: `${base}/total.zip`, cacheDir, maxEntryBytes: 3000 });
    expect(entry.message).toBe(
      "downloadCorpus: entry 'a.txt' declares 4000 bytes, more than maxEntryBytes=3000",
    );
    const many = await failure({ url: `${base}/many.zip`, cacheDir, maxEntries: 3 });
    expect(many.message).toBe('downloadCorpus: archive has more than maxEntries=3 entries');
    expect([total.reason, entry.reason, many.reason]).toEqual(['zip-bomb', 'zip-bomb', 'zip-bomb']);
  });

  it('limits the download size, with or without Content-Length', async () => {
    const declared = await failure({ url: `${base}/spa-eng.zip`, cacheDir, maxDownloadBytes: 50 });
    expect(declared.message).toMatch(/is \d+ bytes, more than maxDownloadBytes=50$/);
    const streamed = await failure({
      url: `${base}/chunked.zip`,
      cacheDir,
      maxDownloadBytes: 8000,
    });
    expect(streamed.reason).toBe('too-large');
    expect(streamed.message).toMatch(/sent more than maxDownloadBytes=8000 bytes$/);
  });

  it('reports HTTP errors, non-zip bodies and bad URLs', async () => {
    const missing = await failure({ url: `${base}/nothing.zip`, cacheDir });
    expect(missing.reason).toBe('http-status');
    expect(missing.message).toMatch(/answered 404 Not Found$/);
    const html = await failure({ url: `${base}/not-a-zip.zip`, cacheDir });
    expect(html.reason).toBe('bad-zip');
    const scheme = await failure({ url: 'file:///etc/passwd', cacheDir });
    expect(scheme.message).toBe(
      "downloadCorpus: url must be an http(s) URL. Received: url='file:///etc/passwd'",
    );
  });

  it('a failed forced download keeps the cached copy intact', async () => {
    const good = await downloadCorpus({ url: `${base}/spa-eng.zip`, cacheDir, name: 'corpus' });
    await failure({ url: `${base}/slip.zip`, cacheDir, name: 'corpus', force: true });
    expect(readFileSync(join(good.directory, 'spa.txt'), 'utf8')).toBe(SPA);
    expect(readdirSync(cacheDir).sort()).toEqual(['corpus', 'corpus.zip']);
  });
});
