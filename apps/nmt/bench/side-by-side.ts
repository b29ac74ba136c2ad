// Runs `heed-nmt train` (the built CLI, as a user types it) and the PyTorch
// peer bench/peers/torch_seq2seq.py side by side: the same training split,
// tokens and batches (exported from heed-nmt's own data preparation), started
// together, each on one thread and, with `pin`, on its own core. Shared by
// timebox.ts (which model reaches the better BLEU in a wall-clock budget) and
// train-speed.ts (training tokens/s of the same model).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SentencePair } from '@heed/data';
import { corpusBleu } from '@heed/metrics';
import {
  CONFIG_KEYS,
  dropoutRate,
  encoderIsBidirectional,
  type PreparedData,
  type RecipeConfig,
  resolveConfig,
} from '@heed/recipe';
import { recipeOption } from '@heed/recipe/cli';
import { prepareData } from '@heed/recipe/node';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
/** The built CLI: `npm run build` first, so what is timed is what a user runs. */
export const HEED_NMT = join(repository, 'apps/nmt/dist/cli.js');
const PEER = join(repository, 'bench/peers/torch_seq2seq.py');
/** Debian's python3 with python3-torch and OpenBLAS (pthread). */
const PYTHON = process.env.HEED_BENCH_PYTHON ?? '/usr/bin/python3';

/** The peer's model: heed's RnnSeq2Seq layout (GRU, Bahdanau placement), sized freely. */
export interface PeerModel {
  embed: number;
  /** Encoder units per direction. */
  hidden: number;
  layers: number;
  bidirectional: boolean;
  decoder: number;
  decoderLayers: number;
  /** Additive attention units. */
  units: number;
  dropout: number;
  lr: number;
  /** Global gradient-norm clipping; 0 turns it off. */
  clip: number;
}

/** The peer model that is heed-nmt's RNN for `config` (GRU, additive attention, Bahdanau placement). */
export function peerModelOf(config: RecipeConfig): PeerModel {
  if (config.arch !== 'rnn' || config.cell !== 'gru' || config.placement !== 'bahdanau') {
    throw new Error(
      `the PyTorch peer builds GRU + Bahdanau-placed additive attention; received arch=${config.arch}, cell=${config.cell}, placement=${config.placement}`,
    );
  }
  if ((config.attention ?? 'additive') !== 'additive') {
    throw new Error(`the PyTorch peer's attention is additive; received ${config.attention}`);
  }
  const bidirectional = encoderIsBidirectional(config);
  return {
    embed: config.embed,
    hidden: config.hidden,
    layers: config.layers,
    bidirectional,
    decoder: config.decoderHidden ?? config.hidden,
    decoderLayers: config.layers,
    // heed's additive attention defaults its units to the key size.
    units: (bidirectional ? 2 : 1) * config.hidden,
    dropout: dropoutRate(config),
    lr: config.lr,
    clip: config.clipNorm,
  };
}

/**
 * `--batch-tokens 4096 --bidirectional --no-lowercase` → `{ batchTokens: 4096,
 * bidirectional: true, lowercase: false }`, parsed the way heed-nmt parses them.
 */
export function parseHeedFlags(words: readonly string[]): Partial<RecipeConfig> {
  const config: Record<string, unknown> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('--')) throw new Error(`heed flags: expected a --flag, got '${word}'`);
    const negated = word.startsWith('--no-');
    const flag = negated ? `--${word.slice(5)}` : word;
    const key = CONFIG_KEYS.find((candidate) => flagOf(candidate) === flag);
    if (key === undefined) throw new Error(`heed flags: heed-nmt train has no flag ${word}`);
    const option = recipeOption(key);
    const takesValue = option.flags.includes('<');
    if (!takesValue) {
      config[key] = !negated;
      continue;
    }
    const value = words[++i];
    if (value === undefined) throw new Error(`heed flags: ${word} needs a value`);
    config[key] = option.parse ? option.parse(value) : value;
  }
  return config as Partial<RecipeConfig>;
}

/** The `heed-nmt train` flags that set `config` (every field given, in the help's order). */
export function heedFlags(config: Partial<RecipeConfig>): string[] {
  return CONFIG_KEYS.flatMap((key) => {
    const value = config[key];
    if (value === undefined) return [];
    const flag = flagOf(key);
    if (typeof value === 'boolean') return value ? [flag] : [`--no-${flag.slice(2)}`];
    return [flag, String(value)];
  });
}

/** `batchTokens` → `--batch-tokens`, from heed-nmt's own option table. */
function flagOf(key: keyof RecipeConfig): string {
  return recipeOption(key).flags.split(/[ ,]/)[0] as string;
}

/** What the side-by-side run needs. */
export interface SideBySideOptions {
  /** heed-nmt's settings, as flags would give them (the CLI's defaults fill the rest). */
  heed: Partial<RecipeConfig>;
  /** The peer's model; defaults to heed's own model (`peerModelOf`). */
  peer?: PeerModel;
  /** Wall-clock training budget of each, in seconds. */
  seconds: number;
  /** The peer evaluates (validation loss, greedy BLEU on the sample) this often; 0: at the end only. */
  peerEvalSeconds: number;
  /** Validation pairs the peer translates for BLEU at each evaluation. Defaults to heed-nmt's `evalSentences`. */
  validSample?: number;
  /** The test pairs whose sources the peer translates (greedy) after training, given the prepared data. */
  test?: (data: PreparedData) => readonly SentencePair[] | Promise<readonly SentencePair[]>;
  /** Pin heed to core 0 and the peer to core 1 with `taskset`. */
  pin: boolean;
  /** Where the peer trains: `cpu` (the default) or `cuda`. */
  peerDevice?: string;
  /** Receives heed's run directory, the exported batches and both logs. */
  directory: string;
}

/** One validation point of a learning curve. */
export interface CurvePoint {
  /** Wall-clock seconds since training started (evaluation time included). */
  seconds: number;
  updates: number;
  /** Validation BLEU on the system's validation sample, by `@heed/metrics`. */
  bleu: number;
  loss: number;
}

/** What one system did. */
export interface SystemRun {
  /** The command that ran. */
  command: string;
  parameters: number;
  updates: number;
  /** Target tokens (EOS included, PAD excluded) trained on. */
  tokens: number;
  /** Training tokens/s over every update after the first, evaluations excluded. */
  tokensPerSecond: number;
  trainSeconds: number;
  curve: CurvePoint[];
}

/** Both runs, and the data they shared. */
export interface SideBySideResult {
  config: RecipeConfig;
  data: PreparedData;
  /** The pairs `options.test` gave. */
  test: readonly SentencePair[];
  heed: SystemRun & { runDirectory: string; checkpoint: string };
  peer: SystemRun & { testHypotheses: string[]; testSeconds: number };
}

/** Trains heed-nmt and the peer at once on the same data; resolves when both have finished. */
export async function runSideBySide(options: SideBySideOptions): Promise<SideBySideResult> {
  if (!existsSync(HEED_NMT)) throw new Error(`${HEED_NMT} is missing: run \`npm run build\``);
  mkdirSync(options.directory, { recursive: true });
  const config = resolveConfig(options.heed);
  const data = await prepareData(config);
  const peerModel = options.peer ?? peerModelOf(config);
  const sample = evenlySpaced(data.splits.valid, options.validSample ?? config.evalSentences);
  const test = options.test ? await options.test(data) : [];
  const dataFile = join(options.directory, 'peer-data.json');
  writeFileSync(
    dataFile,
    JSON.stringify({
      sourceVocabSize: data.tokenizers.source.vocab.size,
      targetVocabSize: data.tokenizers.target.vocab.size,
      train: data.trainingData(0).map(({ source, target }) => ({ source, target })),
      valid: data.validationBatches.map(({ source, target }) => ({ source, target })),
      validSample: sample.map((pair) =>
        data.tokenizers.source.encode(pair.source, { addEos: true }),
      ),
      test: test.map((pair) => data.tokenizers.source.encode(pair.source, { addEos: true })),
    }),
  );
  const runDirectory = join(options.directory, 'heed-run');
  const heedArgs = [
    HEED_NMT,
    'train',
    ...heedFlags({ ...options.heed, time: options.seconds, threads: 1 }),
    '--out',
    runDirectory,
    '--progress',
    'lines',
  ];
  const peerArgs = [
    PEER,
    'train',
    '--data',
    dataFile,
    '--seconds',
    String(options.seconds),
    '--eval-seconds',
    String(options.peerEvalSeconds),
    '--embed',
    String(peerModel.embed),
    '--hidden',
    String(peerModel.hidden),
    '--layers',
    String(peerModel.layers),
    ...(peerModel.bidirectional ? ['--bidirectional'] : []),
    '--decoder',
    String(peerModel.decoder),
    '--decoder-layers',
    String(peerModel.decoderLayers),
    '--units',
    String(peerModel.units),
    '--dropout',
    String(peerModel.dropout),
    '--lr',
    String(peerModel.lr),
    '--clip',
    String(peerModel.clip),
    '--threads',
    '1',
    '--device',
    options.peerDevice ?? 'cpu',
    '--seed',
    String(config.seed),
  ];
  const heedLog = join(options.directory, 'heed.log');
  const peerLog = join(options.directory, 'peer.jsonl');
  const peerEnv = {
    OMP_WAIT_POLICY: 'PASSIVE',
    OMP_NUM_THREADS: '1',
    ...openBlasCoreType(),
  };
  const [heedOutput] = await Promise.all([
    run(pinned('node', heedArgs, options.pin ? 0 : undefined), heedLog),
    run(pinned(PYTHON, peerArgs, options.pin ? 1 : undefined), peerLog, peerEnv),
  ]);
  const checkpoint = /^checkpoint:\s+(.+)$/m.exec(heedOutput)?.[1]?.trim();
  if (!checkpoint) throw new Error(`heed-nmt train printed no checkpoint; see ${heedLog}`);
  const decode = (ids: readonly number[]) =>
    data.tokenizers.target.decode(ids, { skipSpecial: true });
  return {
    config,
    data,
    test,
    heed: {
      command: `heed-nmt ${heedArgs.slice(1).join(' ')}`,
      runDirectory,
      checkpoint,
      ...heedRun(join(runDirectory, 'metrics.jsonl')),
    },
    peer: {
      command: `${Object.entries(peerEnv)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')} ${PYTHON} ${peerArgs.join(' ')}`,
      ...peerRun(readFileSync(peerLog, 'utf8'), sample, decode),
    },
  };
}

/**
 * `heed-nmt translate -c checkpoint --input sourceFile --output outputFile --beam k`
 * (and `flags`) on one thread (on core 0 with `pin`); resolves with its wall
 * time and the translations.
 */
export async function translateCommand(
  checkpoint: string,
  sourceFile: string,
  outputFile: string,
  beam: number,
  pin: boolean,
  flags: readonly string[] = [],
): Promise<{ seconds: number; hypotheses: string[] }> {
  const args = [HEED_NMT, 'translate', '-c', checkpoint, '--input', sourceFile];
  args.push('--output', outputFile, '--beam', String(beam), '--threads', '1', ...flags);
  const started = performance.now();
  await run(pinned('node', args, pin ? 0 : undefined), `${outputFile}.log`);
  const seconds = (performance.now() - started) / 1000;
  const text = readFileSync(outputFile, 'utf8');
  return {
    seconds,
    hypotheses: text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n'),
  };
}

/** `n` pairs spread evenly over `pairs` (all of them when there are fewer). */
function evenlySpaced<T>(pairs: readonly T[], n: number): T[] {
  if (pairs.length <= n) return [...pairs];
  return Array.from({ length: n }, (_, i) => pairs[Math.floor((i * pairs.length) / n)] as T);
}

/**
 * The OpenBLAS kernel for the peer when OpenBLAS's own detection falls back to
 * its generic `Prescott` kernel on a processor it does not know (Debian 12's
 * 0.3.21 on recent Xeons, a few times slower than its AVX-512 kernel there):
 * `SkylakeX` with AVX-512, `Haswell` with AVX2. An `OPENBLAS_CORETYPE`
 * already set is kept.
 */
function openBlasCoreType(): { OPENBLAS_CORETYPE?: string } {
  if (process.env.OPENBLAS_CORETYPE) return {};
  const probe = spawnSync(PYTHON, ['-c', 'import torch; torch.ones(2, 2) @ torch.ones(2, 2)'], {
    env: { ...process.env, OPENBLAS_VERBOSE: '2' },
    encoding: 'utf8',
  });
  const core = /Core: (\S+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1];
  if (core !== 'Prescott' || !existsSync('/proc/cpuinfo')) return {};
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  if (/\bavx512f\b/.test(cpu)) return { OPENBLAS_CORETYPE: 'SkylakeX' };
  if (/\bavx2\b/.test(cpu)) return { OPENBLAS_CORETYPE: 'Haswell' };
  return {};
}

/** `command args` under `taskset -c core` when a core is given. */
function pinned(command: string, args: string[], core: number | undefined): string[] {
  return core === undefined
    ? [command, ...args]
    : ['taskset', '-c', String(core), command, ...args];
}

/** Runs a command to its end with its output teed to `logFile`; resolves with stdout. */
function run(
  [command, ...args]: string[],
  logFile: string,
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(command as string, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      log.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => log.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(`${command} ${args.slice(0, 2).join(' ')} … exited ${code}; see ${logFile}`),
        );
    });
  });
}

interface LogRecord {
  type: string;
  time: string;
  [field: string]: unknown;
}

/** Updates, tokens, tokens/s and the validation curve from heed-nmt's metrics.jsonl. */
function heedRun(metricsFile: string): Omit<SystemRun, 'command'> {
  const records = readFileSync(metricsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogRecord);
  const at = (record: LogRecord) => Date.parse(record.time) / 1000;
  const start = records.find((record) => record.type === 'start');
  const steps = records.filter((record) => record.type === 'step');
  const evaluations = records.filter((record) => record.type === 'evaluation');
  const stop = records.find((record) => record.type === 'stop');
  if (!start || steps.length === 0 || !stop) {
    throw new Error(`${metricsFile}: no complete training run logged`);
  }
  const first = steps[0] as LogRecord;
  const last = steps.at(-1) as LogRecord;
  const evaluationSeconds = evaluations
    .filter((record) => at(record) > at(first) && at(record) <= at(last))
    .reduce((sum, record) => sum + Number(record.seconds), 0);
  const timedTokens = steps.slice(1).reduce((sum, record) => sum + Number(record.tokens), 0);
  return {
    parameters: Number(start.parameters),
    updates: steps.length,
    tokens: steps.reduce((sum, record) => sum + Number(record.tokens), 0),
    tokensPerSecond: timedTokens / Math.max(1e-9, at(last) - at(first) - evaluationSeconds),
    trainSeconds: Number(stop.seconds),
    curve: evaluations
      .filter((record) => record.bleu !== undefined)
      .map((record) => ({
        seconds: at(record) - at(start),
        updates: Number(record.step),
        bleu: Number(record.bleu),
        loss: Number(record.loss),
      })),
  };
}

/** The peer's JSON lines → its run, validation BLEU scored here against the sample's references. */
function peerRun(
  log: string,
  sample: readonly SentencePair[],
  decode: (ids: readonly number[]) => string,
): Omit<SystemRun, 'command'> & { testHypotheses: string[]; testSeconds: number } {
  const records = log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const find = (type: string) => records.find((record) => record.type === type);
  const start = find('start');
  const stop = find('stop');
  if (!start || !stop) throw new Error('the PyTorch peer logged no complete run');
  const test = find('test');
  const references = sample.map((pair) => pair.target);
  return {
    parameters: Number(start.parameters),
    updates: Number(stop.updates),
    tokens: Number(stop.tokens),
    tokensPerSecond: Number(stop.trainTokensPerSecond),
    trainSeconds: Number(stop.seconds),
    curve: records
      .filter((record) => record.type === 'evaluation')
      .map((record) => ({
        seconds: Number(record.seconds),
        updates: Number(record.updates),
        bleu: corpusBleu((record.hypotheses as number[][]).map(decode), [references]).score,
        loss: Number(record.loss),
      })),
    testHypotheses: ((test?.hypotheses ?? []) as number[][]).map(decode),
    testSeconds: Number(test?.seconds ?? Number.NaN),
  };
}
