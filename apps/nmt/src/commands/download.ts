import { join } from 'node:path';
import { downloadCorpus } from '@heed/data/node';
import type { Command } from 'commander';
import type { CommandOutput } from '../cli/output';
import { NmtError } from '../errors';

/** Where anki-style corpora live: `https://www.manythings.org/anki/<code>-eng.zip`. */
export const ANKI_BASE_URL = 'https://www.manythings.org/anki/';

interface DownloadFlags {
  cacheDir?: string;
  url?: string;
  sha256?: string;
  force?: boolean;
}

/** `heed-nmt download <lang>`: fetches an anki-style corpus zip into the cache. */
export function registerDownload(program: Command, output: CommandOutput): void {
  program
    .command('download')
    .summary('fetch an anki-style corpus (e.g. spa, deu, fra) into the cache')
    .description(
      'Download the Tatoeba/anki sentence pairs of a language (English ↔ <lang>) from manythings.org into the corpus cache, extract them safely, and print the path of the TSV file to pass to --data. A corpus already in the cache is not downloaded again (unless --force).',
    )
    .argument(
      '<lang>',
      'three-letter code of the language paired with English: spa, deu, fra, ita, por, …',
    )
    .option('--cache-dir <dir>', 'corpus cache (default: .heed-cache/corpora)')
    .option('--url <url>', `download from this address instead of ${ANKI_BASE_URL}<lang>-eng.zip`)
    .option('--sha256 <hex>', 'expected SHA-256 of the archive')
    .option('--force', 'download again even when cached')
    .addHelpText(
      'after',
      `
Examples:
  heed-nmt download spa
  heed-nmt train --data .heed-cache/corpora/spa-eng/spa.txt --reverse   # Spanish → English`,
    )
    .action(async (language: string, flags: DownloadFlags) => {
      if (!/^[a-z]{3}$/.test(language)) {
        throw new NmtError(
          `download: <lang> must be a three-letter lowercase language code such as spa, deu or fra. Received: '${language}'`,
        );
      }
      const corpus = await downloadCorpus({
        url: flags.url ?? `${ANKI_BASE_URL}${language}-eng.zip`,
        name: `${language}-eng`,
        ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
        ...(flags.sha256 ? { sha256: flags.sha256 } : {}),
        ...(flags.force ? { force: true } : {}),
        headers: { 'user-agent': 'heed-nmt' },
      });
      const tsv =
        corpus.files.find((file) => file === `${language}.txt`) ??
        corpus.files.find((file) => file.endsWith('.txt') && !/^_|about/i.test(file));
      output.stderr.write(
        `${corpus.cached ? 'cached' : 'downloaded'} ${corpus.archive} (sha256 ${corpus.sha256})\n`,
      );
      if (!tsv) {
        throw new NmtError(
          `${corpus.directory}: the archive holds no sentence file (.txt); files: ${corpus.files.join(', ')}`,
        );
      }
      output.stdout.write(`${join(corpus.directory, tsv)}\n`);
    });
}
