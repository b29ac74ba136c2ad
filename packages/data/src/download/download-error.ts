import { HeedError } from '@heed/core';

/** Why a download was refused. */
export type DownloadFailure =
  | 'bad-url'
  | 'http-status'
  | 'network'
  | 'too-large'
  | 'checksum'
  | 'bad-zip'
  | 'unsafe-path'
  | 'zip-bomb'
  | 'bad-cache';

/** Thrown by `downloadCorpus`; nothing is left in (or changed in) the cache when it is. */
export class DownloadError extends HeedError {
  readonly reason: DownloadFailure;

  constructor(reason: DownloadFailure, message: string, options?: { cause?: unknown }) {
    super(`downloadCorpus: ${message}`, options);
    this.name = 'DownloadError';
    this.reason = reason;
  }
}
