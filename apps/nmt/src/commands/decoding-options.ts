import { EARLY_STOPPING_RULES, type EarlyStopping } from '@heed/decoding';
import type { TranslateOptions } from '@heed/models';
import {
  finiteNumber,
  integer,
  nonNegativeInteger,
  oneOf,
  positiveInteger,
  positiveNumber,
} from '@heed/recipe/cli';
import type { Command } from 'commander';
import { DECODING_CONFIG_KEYS, readDecodingConfig } from '../config/decoding-config-file';
import { NmtError } from '../errors';

/**
 * The widest beam accepted without `--no-caps`: memory grows with
 * beam × batch × vocabulary, and wider beams rarely translate better.
 */
export const BEAM_CAP = 64;
/**
 * The beam width when no `--beam` is given: 5, as fairseq, OpenNMT and
 * Sockeye decode. On Multi30k it scored 1.2–3.5 BLEU above greedy decoding for
 * about 3.5× the time (apps/nmt/bench/README.md).
 */
export const DEFAULT_BEAM = 5;
/** The longest output accepted without `--no-caps`, in tokens: decoding time grows with it. */
export const MAX_LENGTH_CAP = 1024;

/** The decoding flags `translate`, `eval` and `heatmap` share. */
export interface DecodingFlags {
  beam?: number;
  lengthPenalty?: number;
  earlyStopping?: EarlyStopping;
  /** False with `--no-refill`. */
  refill?: boolean;
  pruneMargin?: number;
  maxLength?: number;
  batchSize?: number;
  /** False with `--no-caps`. */
  caps?: boolean;
  /** A JSON file of decoding settings (`--config`); flags override it. */
  config?: string;
}

export function addDecodingOptions(command: Command): Command {
  return command
    .option(
      '--beam <k>',
      `beam width, at most ${BEAM_CAP}; 1 decodes greedily (default: ${DEFAULT_BEAM}, or --nbest when larger)`,
      positiveInteger,
    )
    .option(
      '--length-penalty <alpha>',
      'GNMT length penalty α of beam search; 0 ranks by log-probability (default: 0.6)',
      finiteNumber,
    )
    .option(
      '--early-stopping <rule>',
      'when beam search stops a sentence: bound (once no alive hypothesis can still beat the --nbest-th best finished one), k-finished (once k have finished, fairseq), never (at --max-length) (default: bound)',
      oneOf(EARLY_STOPPING_RULES),
    )
    .option(
      '--refill',
      'beam search refills the alive set to k after hypotheses finish (fairseq) (default)',
    )
    .option(
      '--no-refill',
      'finished hypotheses keep their beam slots, the alive set shrinking (TF Addons, tensorflow/nmt)',
    )
    .option(
      '--prune-margin <m>',
      "beam search drops hypotheses whose log-probability trails their sentence's best by more than m (faster, approximate) (default: none, exact search)",
      positiveNumber,
    )
    .option(
      '--max-length <n>',
      `most tokens generated per sentence, at most ${MAX_LENGTH_CAP} (default: 2 × that sentence's source length + 10)`,
      positiveInteger,
    )
    .option('--batch-size <n>', 'sentences decoded together (default: 32)', positiveInteger)
    .option(
      '--no-caps',
      `allow --beam above ${BEAM_CAP} and --max-length above ${MAX_LENGTH_CAP} (memory and time grow with both)`,
    )
    .option(
      '--config <file>',
      `JSON file of decoding settings (${DECODING_CONFIG_KEYS.join(', ')}); flags override it`,
    );
}

/** `flags` over the settings of their `--config` file, when one is given. */
export async function withDecodingConfig<Flags extends DecodingFlags>(
  flags: Flags,
): Promise<Flags> {
  if (flags.config === undefined) return flags;
  const file = await readDecodingConfig(flags.config);
  const given = Object.fromEntries(
    Object.entries(flags).filter(([, value]) => value !== undefined),
  ) as Flags;
  return { ...file, ...given };
}

/** Sampling and n-best flags of `translate`. */
export interface SamplingFlags {
  nbest?: number;
  sample?: boolean;
  topK?: number;
  topP?: number;
  temperature?: number;
  seed?: number;
}

export function addSamplingOptions(command: Command): Command {
  return command
    .option(
      '--nbest <n>',
      'hypotheses per sentence (beam search: at most --beam; sampling: samples drawn) (default: 1)',
      positiveInteger,
    )
    .option('--sample', 'sample translations instead of searching')
    .option(
      '--top-k <k>',
      'sampling: only among the k most probable tokens; 0 is off (default: 0)',
      nonNegativeInteger,
    )
    .option(
      '--top-p <p>',
      'sampling: nucleus probability mass; 1 is off (default: 1)',
      finiteNumber,
    )
    .option('--temperature <t>', 'sampling temperature (default: 1)', finiteNumber)
    .option('--seed <n>', 'sampling seed (default: 0)', integer);
}

/** Turns decoding flags into translator options, checking the combinations. */
export function translateOptions(flags: DecodingFlags & SamplingFlags): TranslateOptions {
  const sampling =
    flags.topK !== undefined || flags.topP !== undefined || flags.temperature !== undefined;
  if (sampling && !flags.sample) {
    throw new NmtError('--top-k, --top-p and --temperature need --sample');
  }
  if (flags.sample && flags.beam !== undefined && flags.beam > 1) {
    throw new NmtError('--sample and --beam exclude each other; sampling draws --nbest samples');
  }
  if (
    !flags.sample &&
    flags.nbest !== undefined &&
    flags.beam !== undefined &&
    flags.nbest > flags.beam
  ) {
    throw new NmtError(`--nbest (${flags.nbest}) must be at most --beam (${flags.beam})`);
  }
  if (flags.topP !== undefined && !(flags.topP > 0 && flags.topP <= 1)) {
    throw new NmtError(`--top-p must be in (0, 1]. Received: ${flags.topP}`);
  }
  if (flags.temperature !== undefined && !(flags.temperature > 0)) {
    throw new NmtError(`--temperature must be positive. Received: ${flags.temperature}`);
  }
  const beam = flags.beam ?? (flags.sample ? 1 : Math.max(DEFAULT_BEAM, flags.nbest ?? 1));
  const searchOptions =
    flags.earlyStopping !== undefined ||
    flags.refill !== undefined ||
    flags.pruneMargin !== undefined;
  if (searchOptions && (flags.sample || Math.max(beam, flags.nbest ?? 1) === 1)) {
    throw new NmtError(
      `--early-stopping, --refill and --prune-margin apply to beam search; give --beam 2 or more (${flags.sample ? '--sample draws samples' : 'beam 1 decodes greedily'})`,
    );
  }
  if (flags.caps !== false) {
    for (const [flag, value, cap] of [
      ['--beam', beam, BEAM_CAP],
      ['--nbest', flags.nbest, BEAM_CAP],
      ['--max-length', flags.maxLength, MAX_LENGTH_CAP],
    ] as const) {
      if (value !== undefined && value > cap) {
        throw new NmtError(
          `${flag} must be at most ${cap}; pass --no-caps to go beyond. Received: ${value}`,
        );
      }
    }
  }
  return {
    beam,
    ...(flags.lengthPenalty === undefined ? {} : { lengthPenalty: flags.lengthPenalty }),
    ...(flags.earlyStopping === undefined ? {} : { earlyStopping: flags.earlyStopping }),
    ...(flags.refill === undefined ? {} : { refill: flags.refill }),
    ...(flags.pruneMargin === undefined ? {} : { pruneMargin: flags.pruneMargin }),
    ...(flags.maxLength === undefined ? {} : { maxLength: flags.maxLength }),
    ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    ...(flags.nbest === undefined ? {} : { nbest: flags.nbest }),
    ...(flags.sample
      ? {
          sample: true,
          topK: flags.topK ?? 0,
          topP: flags.topP ?? 1,
          temperature: flags.temperature ?? 1,
          seed: flags.seed ?? 0,
        }
      : {}),
  };
}

/** A one-line description of the decoding, for the run header. */
export function describeDecoding(options: TranslateOptions): Record<string, unknown> {
  if (options.sample) {
    return {
      decoding: 'sample',
      nbest: options.nbest ?? 1,
      topK: options.topK,
      topP: options.topP,
      temperature: options.temperature,
    };
  }
  return (options.beam ?? 1) > 1 || (options.nbest ?? 1) > 1
    ? {
        decoding: 'beam',
        beam: options.beam,
        lengthPenalty: options.lengthPenalty ?? 0.6,
        earlyStopping: options.earlyStopping ?? 'bound',
        refill: options.refill ?? true,
        ...(options.pruneMargin === undefined ? {} : { pruneMargin: options.pruneMargin }),
        nbest: options.nbest ?? 1,
      }
    : { decoding: 'greedy' };
}
