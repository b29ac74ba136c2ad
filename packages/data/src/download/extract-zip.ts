import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { DownloadError } from './download-error';
import { unsafeEntryReason } from './safe-path';

export interface ZipLimits {
  /** Most bytes one extracted file may hold. */
  maxEntryBytes: number;
  /** Most bytes all extracted files may hold together. */
  maxTotalBytes: number;
  /** Largest uncompressed / compressed size ratio of an entry. */
  maxRatio: number;
  /** Most entries in the archive. */
  maxEntries: number;
}

interface Declared {
  size: number;
  originalSize: number;
}

/** How much compressed input the streaming unzip gets at a time (bounds transient memory). */
const CHUNK = 16 * 1024;

/**
 * Checks the central directory of `zip` before anything is written: entry
 * count, safe names (no zip-slip), no duplicates, declared sizes within the
 * limits, and declared compression ratios. Returns the declared sizes of the
 * file entries by name.
 */
function inspect(zip: Uint8Array, root: string, limits: ZipLimits): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  let count = 0;
  let total = 0;
  try {
    unzipSync(zip, {
      filter: (entry) => {
        count++;
        if (count > limits.maxEntries) {
          throw new DownloadError(
            'zip-bomb',
            `archive has more than maxEntries=${limits.maxEntries} entries`,
          );
        }
        const reason = unsafeEntryReason(entry.name, root);
        if (reason)
          throw new DownloadError('unsafe-path', `refusing entry '${entry.name}': ${reason}`);
        if (entry.name.endsWith('/')) return false;
        if (declared.has(entry.name))
          throw new DownloadError('bad-zip', `duplicate entry '${entry.name}'`);
        if (entry.compression !== 0 && entry.compression !== 8) {
          throw new DownloadError(
            'bad-zip',
            `entry '${entry.name}' uses unsupported compression ${entry.compression}`,
          );
        }
        if (entry.originalSize > limits.maxEntryBytes) {
          throw new DownloadError(
            'zip-bomb',
            `entry '${entry.name}' declares ${entry.originalSize} bytes, more than maxEntryBytes=${limits.maxEntryBytes}`,
          );
        }
        total += entry.originalSize;
        if (total > limits.maxTotalBytes) {
          throw new DownloadError(
            'zip-bomb',
            `entries declare more than maxTotalBytes=${limits.maxTotalBytes} bytes in all`,
          );
        }
        checkRatio(entry.name, entry.originalSize, entry.size, limits.maxRatio);
        declared.set(entry.name, { size: entry.size, originalSize: entry.originalSize });
        return false; // list only: nothing is decompressed here
      },
    });
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError('bad-zip', `not a readable zip archive (${(error as Error).message})`, {
      cause: error,
    });
  }
  return declared;
}

function checkRatio(
  name: string,
  originalSize: number,
  compressedSize: number,
  maxRatio: number,
): void {
  if (originalSize > maxRatio * Math.max(compressedSize, 1)) {
    throw new DownloadError(
      'zip-bomb',
      `entry '${name}' expands ${compressedSize} bytes to ${originalSize}, a ratio above maxRatio=${maxRatio}`,
    );
  }
}

/**
 * Extracts `zip` into the empty directory `root` with fflate, refusing
 * zip-slip names and zip bombs: limits are checked on the declared sizes
 * first, then on the bytes actually inflated, which may not exceed what the
 * central directory declared. Returns the extracted file names.
 */
export function extractZip(zip: Uint8Array, root: string, limits: ZipLimits): string[] {
  const declared = inspect(zip, root, limits);
  const extracted: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  let failure: unknown = null;
  const open = new Set<number>();

  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    const expected = declared.get(file.name);
    if (!expected) {
      failure = new DownloadError(
        'bad-zip',
        `local entry '${file.name}' is missing from the central directory`,
      );
      return;
    }
    if (seen.has(file.name)) {
      failure = new DownloadError('bad-zip', `entry '${file.name}' appears twice`);
      return;
    }
    const path = join(root, file.name);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'wx');
    open.add(fd);
    let written = 0;
    seen.add(file.name);
    extracted.push(file.name);
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = new DownloadError(
          'bad-zip',
          `entry '${file.name}' is corrupt (${error.message})`,
          { cause: error },
        );
        return;
      }
      written += data.length;
      total += data.length;
      if (written > expected.originalSize) {
        failure = new DownloadError(
          'zip-bomb',
          `entry '${file.name}' inflates past its declared ${expected.originalSize} bytes`,
        );
        return;
      }
      if (total > limits.maxTotalBytes) {
        failure = new DownloadError(
          'zip-bomb',
          `archive inflates past maxTotalBytes=${limits.maxTotalBytes}`,
        );
        return;
      }
      writeSync(fd, data);
      if (final) {
        closeSync(fd);
        open.delete(fd);
        if (written !== expected.originalSize) {
          failure = new DownloadError(
            'bad-zip',
            `entry '${file.name}' inflates to ${written} bytes but declares ${expected.originalSize}`,
          );
        }
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  try {
    for (let offset = 0; offset < zip.length && !failure; offset += CHUNK) {
      unzip.push(zip.subarray(offset, offset + CHUNK), offset + CHUNK >= zip.length);
    }
  } catch (error) {
    failure ??= new DownloadError(
      'bad-zip',
      `not a readable zip archive (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  } finally {
    for (const fd of open) closeSync(fd);
  }
  if (failure) throw failure;
  const missing = [...declared.keys()].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new DownloadError('bad-zip', `entries listed but not found: ${missing.join(', ')}`);
  }
  return extracted;
}
