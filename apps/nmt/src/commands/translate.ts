import { stat } from 'node:fs/promises';
import { writeFileAtomically } from '@heed/core/node';
import {
  type TranslateOptions,
  type Translation,
  translate as translateSentences,
} from '@heed/models';
import type { BackendName } from '@heed/recipe';
import type { LoadedCheckpoint } from '@heed/recipe/node';
import type { Command } from 'commander';
import type { CommandOutput } from '../cli/output';
import { NmtError } from '../errors';
import { checkedArguments, emptyLine, readInputFile } from '../input/checked-sentences';
import { lineBatches, type NumberedLine } from '../input/line-batches';
import {
  addDecodingOptions,
  addSamplingOptions,
  type DecodingFlags,
  describeDecoding,
  type SamplingFlags,
  translateOptions,
  withDecodingConfig,
} from './decoding-options';
import { addCheckpointOptions, openCheckpoint } from './open-checkpoint';

/**
 * Batches' worth of lines read before sorting by length: the decoders batch
 * sentences of one source length only, so a window of a single batch of
 * mixed lengths decodes them one or two at a time.
 */
const SORT_WINDOW_BATCHES = 64;

interface TranslateFlags extends DecodingFlags, SamplingFlags {
  checkpoint: string;
  backend?: BackendName;
  input?: string;
  output?: string;
  json?: boolean;
  replaceInvalid?: boolean;
}

/** `heed-nmt translate`: sentences from arguments, a file, or stdin (streamed line by line). */
export function registerTranslate(program: Command, output: CommandOutput): void {
  const command = program
    .command('translate')
    .summary('translate sentences from arguments, a file or stdin')
    .description(
      'Translate sentences given as arguments, read from --input, or streamed from stdin one line at a time (each translation is written as soon as it is ready, so it works in a pipe). Plain output prints one translation per line; with --nbest n > 1 it prints "<line> ||| <translation> ||| <score>" lines; --json prints one JSON object per input line with scores and attention weights.',
    )
    .argument('[sentences...]', 'sentences to translate (default: read --input, else stdin)')
    .option('-i, --input <file>', 'read sentences from a file, one per line')
    .option('-o, --output <file>', 'write translations to a file instead of stdout')
    .option(
      '--json',
      'one JSON object per input line: source tokens, hypotheses with scores and attention',
    )
    .option(
      '--replace-invalid',
      'replace invalid UTF-8 and control characters by U+FFFD (and count them) instead of stopping with an error',
    );
  addCheckpointOptions(command);
  addDecodingOptions(command);
  addSamplingOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  heed-nmt translate -c runs/dates "the 3rd of May, 2021"
  echo "I am visiting my aunt." | heed-nmt translate -c runs/grammar --beam 5
  heed-nmt translate -c runs/grammar --input sentences.txt --nbest 3 --beam 5 --json > out.jsonl
  heed-nmt translate -c runs/grammar --sample --top-p 0.9 --nbest 4 "Where is the station?"`,
  );
  command.action(async (sentences: string[], flags: TranslateFlags) => {
    await translate(sentences, flags, output);
  });
}

async function translate(
  sentences: string[],
  flags: TranslateFlags,
  output: CommandOutput,
): Promise<void> {
  // Everything given is checked before the model is loaded and anything is printed.
  const options = translateOptions(await withDecodingConfig(flags));
  if (sentences.length > 0 && flags.input) {
    throw new NmtError('give sentences as arguments or with --input, not both');
  }
  const replaceInvalid = flags.replaceInvalid ?? false;
  const given =
    sentences.length > 0
      ? checkedArguments(sentences, replaceInvalid)
      : flags.input
        ? await readInputFile(flags.input, replaceInvalid)
        : undefined;
  if (flags.output) await assertWritableFile(flags.output);
  const loaded = await openCheckpoint('translate', flags, output, {
    seed: flags.seed ?? 0,
    config: describeDecoding(options),
  });
  // With --output, the translations are written in one atomic step at the end.
  const collected: string[] = [];
  const sink = flags.output ? { write: (text: string) => collected.push(text) } : output.stdout;
  let replaced = 0;
  try {
    // Lines are decoded a window at a time, sorted by length into batches of one source length.
    const window = (options.batchSize ?? 32) * SORT_WINDOW_BATCHES;
    const batches: AsyncIterable<NumberedLine[]> | Iterable<NumberedLine[]> =
      given !== undefined
        ? chunks(given, window)
        : lineBatches(process.stdin, window, { replaceInvalid });
    if (given === undefined && process.stdin.isTTY) {
      output.stderr.write('reading sentences from stdin, one per line (Ctrl-D ends)\n');
    }
    for await (const batch of batches) {
      const empty = batch.findIndex((line) => line.text.trim() === '');
      const usable = empty < 0 ? batch : batch.slice(0, empty);
      if (usable.length > 0) await emit(loaded, usable, options, flags, sink);
      for (const line of usable) replaced += line.replaced ?? 0;
      if (empty >= 0) throw emptyLine('stdin', batch[empty] as NumberedLine);
    }
    if (flags.output) await writeFileAtomically(flags.output, collected.join(''));
    if (replaceInvalid) {
      output.stderr.write(`replaced ${replaced} invalid or control character(s) by U+FFFD\n`);
    }
  } finally {
    loaded.model.dispose();
    if (given === undefined) process.stdin.destroy();
  }
}

/** Refuses an --output path that cannot be a file, before any work. */
async function assertWritableFile(file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined);
  if (found?.isDirectory()) throw new NmtError(`${file}: is a directory, expected a file`);
}

function* chunks<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

async function emit(
  loaded: LoadedCheckpoint,
  lines: NumberedLine[],
  options: TranslateOptions,
  flags: TranslateFlags,
  sink: { write(text: string): unknown },
): Promise<void> {
  const translations = await translateSentences(
    loaded.model,
    loaded.tokenizers,
    lines.map((line) => line.text),
    { ...options, attention: flags.json ?? false },
  );
  const text = translations
    .map((translation, i) => format(translation, lines[i] as NumberedLine, flags))
    .join('');
  sink.write(text);
}

function format(translation: Translation, line: NumberedLine, flags: TranslateFlags): string {
  if (flags.json) {
    return `${JSON.stringify({
      line: line.line,
      source: translation.source,
      sourceTokens: translation.sourceTokens,
      hypotheses: translation.hypotheses.map((hypothesis) => ({
        text: hypothesis.text,
        tokens: hypothesis.tokens,
        score: round(hypothesis.score),
        logProb: round(hypothesis.logProb),
        reachedEos: hypothesis.reachedEos,
        attention: hypothesis.attention?.map((row) => row.map(round)),
      })),
    })}\n`;
  }
  if ((flags.nbest ?? 1) > 1) {
    return translation.hypotheses
      .map((hypothesis) => `${line.line} ||| ${hypothesis.text} ||| ${round(hypothesis.score)}\n`)
      .join('');
  }
  return `${translation.hypotheses[0]?.text ?? ''}\n`;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
