// @heed/data under Node: everything the page's build has, plus the streaming
// file readers (TSV, Moses, gzip) and the corpus downloader.
export {
  type DownloadCorpusOptions,
  type DownloadedCorpus,
  downloadCorpus,
} from '../download/download-corpus';
export { DownloadError, type DownloadFailure } from '../download/download-error';
export * from '../index';
export { type RawLine, type ReadLinesOptions, readLines } from '../readers/read-lines';
export { readMoses } from '../readers/read-moses';
export { readTsv, type TsvOptions, type TsvPair } from '../readers/read-tsv';
