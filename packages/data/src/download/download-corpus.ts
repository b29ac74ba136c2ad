import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assertKnownKeys, assertPositiveInteger, invalidArgument } from '@heed/core';
import { DownloadError } from './download-error';
import { extractZip } from './extract-zip';

export interface DownloadCorpusOptions {
  /** http(s) address of an anki-style `.zip` (e.g. manythings.org's `spa-eng.zip`). Required. */
  url: string;
  /** Where archives and extracted corpora are kept. Defaults to `.heed-cache/corpora` in the working directory. */
  cacheDir?: string;
  /** Folder name inside `cacheDir`. Defaults to the archive's name without `.zip`. */
  name?: string;
  /** Expected SHA-256 of the archive (hex). Strongly recommended; a mismatch is an error. */
  sha256?: string;
  /** Largest archive accepted, in bytes. Defaults to 100 MiB. */
  maxDownloadBytes?: number;
  /** Most bytes all extracted files may hold together. Defaults to 1 GiB. */
  maxTotalBytes?: number;
  /** Most bytes one extracted file may hold. Defaults to `maxTotalBytes`. */
  maxEntryBytes?: number;
  /** Largest uncompressed/compressed ratio of an entry. Defaults to 100 (text compresses 3–10×). */
  maxRatio?: number;
  /** Most entries in the archive. Defaults to 1000. */
  maxEntries?: number;
  /** Give up after this many milliseconds. Defaults to 60000. */
  timeoutMs?: number;
  /** Download again even when the cache holds the corpus. Defaults to false. */
  force?: boolean;
  /** Extra request headers (some hosts want a User-Agent). */
  headers?: Record<string, string>;
}

export interface DownloadedCorpus {
  /** Directory holding the extracted files. */
  directory: string;
  /** Extracted file names, relative to `directory`. */
  files: string[];
  /** The archive as kept in the cache. */
  archive: string;
  /** SHA-256 of the archive. */
  sha256: string;
  /** True when nothing was downloaded. */
  cached: boolean;
}

const KNOWN = [
  'url',
  'cacheDir',
  'name',
  'sha256',
  'maxDownloadBytes',
  'maxTotalBytes',
  'maxEntryBytes',
  'maxRatio',
  'maxEntries',
  'timeoutMs',
  'force',
  'headers',
];
const MARKER = '.heed-download.json';
const MiB = 1024 * 1024;

interface Marker {
  url: string;
  sha256: string;
  files: string[];
}

/**
 * Reads a cache marker; one that is not JSON of the expected shape (edited,
 * or damaged on disk) is a `DownloadError` naming the file and the way out.
 */
function readMarker(path: string): Marker {
  let marker: Partial<Marker>;
  try {
    marker = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DownloadError(
      'bad-cache',
      `${path}: the cache marker is not valid JSON (${(error as Error).message}); pass force: true (heed-nmt download --force) to download again`,
      { cause: error },
    );
  }
  if (
    typeof marker?.sha256 !== 'string' ||
    !Array.isArray(marker.files) ||
    !marker.files.every((file) => typeof file === 'string')
  ) {
    throw new DownloadError(
      'bad-cache',
      `${path}: the cache marker lacks its sha256 or file list; pass force: true (heed-nmt download --force) to download again`,
    );
  }
  return marker as Marker;
}

/** Writes `data` to `path` through a temporary file and a rename, so readers never see half a file. */
function writeAtomically(path: string, data: Uint8Array | string): void {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

async function fetchArchive(
  url: string,
  options: Required<Pick<DownloadCorpusOptions, 'maxDownloadBytes' | 'timeoutMs'>> & {
    headers: Record<string, string>;
  },
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: options.headers,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new DownloadError('network', `cannot fetch ${url}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DownloadError(
      'http-status',
      `${url} answered ${response.status} ${response.statusText}`,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxDownloadBytes) {
    await response.body?.cancel();
    throw new DownloadError(
      'too-large',
      `${url} is ${declared} bytes, more than maxDownloadBytes=${options.maxDownloadBytes}`,
    );
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (received > options.maxDownloadBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new DownloadError(
          'too-large',
          `${url} sent more than maxDownloadBytes=${options.maxDownloadBytes} bytes`,
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError('network', `download of ${url} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return Buffer.concat(chunks, received);
}

/**
 * Downloads an anki-style `.zip` corpus into a cache and extracts it
 * safely. The archive's SHA-256 is checked when given; limits bound the
 * download and the extracted sizes (declared and actual), the compression
 * ratio and the entry count; names that could escape the cache (zip-slip)
 * are refused. The archive and the extracted folder are written atomically
 * (temporary name, then rename), so a failure leaves the cache as it was. A
 * second call with the same `name` (and matching `sha256`) returns the cached
 * copy without network access.
 *
 * ```ts
 * const { directory } = await downloadCorpus({ url: 'https://example.org/spa-eng.zip', sha256: '…' });
 * for await (const pair of readTsv(join(directory, 'spa.txt'))) { … }
 * ```
 */
export async function downloadCorpus(options: DownloadCorpusOptions): Promise<DownloadedCorpus> {
  assertKnownKeys('downloadCorpus', options, KNOWN);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new DownloadError(
      'bad-url',
      `url must be an http(s) URL. Received: url='${options.url}'`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DownloadError(
      'bad-url',
      `url must be an http(s) URL. Received: url='${options.url}'`,
    );
  }
  const expected = options.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new DownloadError(
      'bad-url',
      `sha256 must be 64 hex digits. Received: sha256='${options.sha256}'`,
    );
  }
  const maxTotalBytes = assertPositiveInteger(
    'downloadCorpus',
    'maxTotalBytes',
    options.maxTotalBytes ?? 1024 * MiB,
  );
  const limits = {
    maxTotalBytes,
    maxEntryBytes: assertPositiveInteger(
      'downloadCorpus',
      'maxEntryBytes',
      options.maxEntryBytes ?? maxTotalBytes,
    ),
    maxRatio: options.maxRatio ?? 100,
    maxEntries: assertPositiveInteger('downloadCorpus', 'maxEntries', options.maxEntries ?? 1000),
  };
  if (!(limits.maxRatio >= 1)) {
    throw invalidArgument('downloadCorpus', 'maxRatio', 'must be a number ≥ 1', limits.maxRatio);
  }
  const maxDownloadBytes = assertPositiveInteger(
    'downloadCorpus',
    'maxDownloadBytes',
    options.maxDownloadBytes ?? 100 * MiB,
  );
  const timeoutMs = assertPositiveInteger(
    'downloadCorpus',
    'timeoutMs',
    options.timeoutMs ?? 60_000,
  );

  const cacheDir = resolve(options.cacheDir ?? join('.heed-cache', 'corpora'));
  const name = options.name ?? basename(url.pathname).replace(/\.zip$/i, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new DownloadError(
      'bad-url',
      `name must be a plain folder name. Received: name='${name}'`,
    );
  }
  const directory = join(cacheDir, name);
  const archive = join(cacheDir, `${name}.zip`);
  const markerPath = join(directory, MARKER);

  if (!options.force && existsSync(markerPath)) {
    const marker = readMarker(markerPath);
    if (expected === undefined || marker.sha256 === expected) {
      return { directory, files: marker.files, archive, sha256: marker.sha256, cached: true };
    }
  }

  const zip = await fetchArchive(url.href, {
    maxDownloadBytes,
    timeoutMs,
    headers: options.headers ?? {},
  });
  const sha256 = createHash('sha256').update(zip).digest('hex');
  if (expected !== undefined && sha256 !== expected) {
    throw new DownloadError(
      'checksum',
      `SHA-256 of ${url.href} is ${sha256}, expected ${expected}`,
    );
  }

  mkdirSync(cacheDir, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(cacheDir, `.${name}.tmp-${suffix}`);
  mkdirSync(staging);
  try {
    const files = extractZip(zip, staging, limits);
    writeFileSync(
      join(staging, MARKER),
      JSON.stringify({ url: url.href, sha256, files } satisfies Marker),
    );
    writeAtomically(archive, zip);
    const retired = join(cacheDir, `.${name}.old-${suffix}`);
    if (existsSync(directory)) renameSync(directory, retired);
    renameSync(staging, directory);
    rmSync(retired, { recursive: true, force: true });
    return { directory, files, archive, sha256, cached: false };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
