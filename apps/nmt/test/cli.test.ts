import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliRun,
  cliSource,
  cliTsconfig,
  errorLines,
  runCli,
  TINY_CONFIG,
  tsxLoader,
} from './cli-process';

const root = mkdtempSync(join(tmpdir(), 'heed-nmt-cli-'));
const run = join(root, 'run');
const configFile = join(root, 'tiny.json');
const TINY = TINY_CONFIG;

let trained: CliRun;

/** Asserts a failed run: a non-zero exit and exactly one `heed-nmt: error:` line matching `pattern`. */
function expectOneError(result: CliRun, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  const lines = errorLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr.trimEnd().endsWith(lines[0] as string)).toBe(true);
}

/** The bytes of a safetensors file after its header: the tensors' data. */
function weightBytes(file: string): number {
  const bytes = readFileSync(file);
  return bytes.length - 8 - Number(bytes.readBigUInt64LE(0));
}

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(async () => {
  writeFileSync(configFile, JSON.stringify({ ...TINY, hidden: 16 }));
  // The flag overrides the file's hidden size.
  trained = await runCli([
    'train',
    '--config',
    configFile,
    '--hidden',
    '12',
    '--out',
    run,
    '--progress',
    'none',
  ]);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.concurrent('heed-nmt', () => {
  it('prints --help for the program and every subcommand', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['train', 'translate', 'eval', 'heatmap', 'download', 'info', 'export']) {
      expect(top.stdout).toContain(command);
    }
    const help = await Promise.all(
      ['train', 'translate', 'eval', 'heatmap', 'download', 'info', 'export'].map((command) =>
        runCli([command, '--help']),
      ),
    );
    for (const [i, command] of [
      'train',
      'translate',
      'eval',
      'heatmap',
      'download',
      'info',
      'export',
    ].entries()) {
      expect(help[i]?.code).toBe(0);
      expect(help[i]?.stdout).toContain(`Usage: heed-nmt ${command}`);
    }
    for (const flag of [
      '--arch',
      '--cell',
      '--layers',
      '--bidirectional',
      '--attention',
      '--placement',
      '--embed',
      '--hidden',
      '--heads',
      '--dropout',
      '--tokenizer',
      '--vocab-size',
      '--loss',
      '--num-sampled',
      '--batch-tokens',
      '--lr',
      '--schedule',
      '--epochs',
      '--steps',
      '--time',
      '--backend',
      '--data',
      '--src',
      '--tgt',
      '--reverse',
      '--config',
    ]) {
      expect(help[0]?.stdout).toContain(flag);
    }
    for (const flag of [
      '--beam',
      '--length-penalty',
      '--nbest',
      '--sample',
      '--top-k',
      '--top-p',
      '--json',
    ]) {
      expect(help[1]?.stdout).toContain(flag);
    }
  });

  it('trains a tiny model and writes a run directory with a header naming backend, config and seed', () => {
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toContain('trained 6 steps (max-steps)');
    expect(trained.stderr).toContain('backend  cpu');
    expect(trained.stderr).toMatch(/seed {5}0/);
    expect(trained.stderr).toContain('hidden=12');
    expect(trained.stderr).toContain('data: builtin:dates: 180 train, 10 valid, 10 test pairs');
    for (const file of [
      'metrics.jsonl',
      'last/config.json',
      'last/weights.safetensors',
      'best/config.json',
    ]) {
      expect(existsSync(join(run, file)), file).toBe(true);
    }
  });

  it('translates stdin line by line', async () => {
    const result = await runCli(['translate', '-c', run, '--backend', 'cpu'], {
      input: '3 May 2021\nJUN 20 2020\n1/2/03\n',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(4);
    expect(result.stderr).toContain('heed-nmt translate');
    expect(result.stderr).toContain('decoding=beam beam=5');
  });

  it('runs on wasm with the threads asked for', async () => {
    const result = await runCli([
      'translate',
      '-c',
      run,
      '--backend',
      'wasm',
      '--threads',
      '1',
      '3 May 2021',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('single-threaded SIMD (one thread asked for)');
    expect(result.stdout.split('\n')).toHaveLength(2);
  });

  it('streams: answers a line before stdin ends', async () => {
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, cliSource, 'translate', '-c', run, '--backend', 'cpu'],
      { env: { ...process.env, TSX_TSCONFIG_PATH: cliTsconfig } },
    );
    child.stdin.write('3 May 2021\n');
    const first = await new Promise<string>((resolve) => {
      child.stdout.setEncoding('utf8').once('data', resolve);
    });
    expect(first.endsWith('\n')).toBe(true);
    child.stdin.end('4 June 2022\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
  });

  it('prints n-best beam hypotheses with scores and attention as JSON', async () => {
    const result = await runCli([
      'translate',
      '-c',
      run,
      '--backend',
      'cpu',
      '--json',
      '--beam',
      '3',
      '--nbest',
      '2',
      '--length-penalty',
      '0',
      '3 May 2021',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout.trim());
    expect(output.source).toBe('3 May 2021');
    expect(output.sourceTokens.at(-1)).toBe('</s>');
    expect(output.hypotheses).toHaveLength(2);
    expect(output.hypotheses[0].score).toBeGreaterThanOrEqual(output.hypotheses[1].score);
    for (const hypothesis of output.hypotheses) {
      const rows = hypothesis.tokens.length + (hypothesis.reachedEos ? 1 : 0);
      expect(hypothesis.attention).toHaveLength(rows);
      for (const row of hypothesis.attention) {
        expect(row).toHaveLength(output.sourceTokens.length);
        expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 2);
      }
    }
  });

  it('prunes beam search with --prune-margin and names it in the header', async () => {
    const result = await runCli([
      'translate',
      '-c',
      run,
      '--backend',
      'cpu',
      '--beam',
      '3',
      '--prune-margin',
      '1.5',
      '3 May 2021',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/decoding=beam beam=3 .*pruneMargin=1\.5/s);
    expect(result.stdout.split('\n')).toHaveLength(2);
  });

  it('samples n translations per sentence in n-best format', async () => {
    const result = await runCli([
      'translate',
      '-c',
      run,
      '--backend',
      'cpu',
      '--sample',
      '--nbest',
      '3',
      '--top-k',
      '5',
      '--seed',
      '7',
      '3 May 2021',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^1 \|\|\| .* \|\|\| -?\d+(\.\d+)?$/);
  });

  it('evaluates: BLEU, chrF, perplexity, and writes the hypotheses', async () => {
    const hypotheses = join(root, 'hypotheses.txt');
    const result = await runCli([
      'eval',
      '-c',
      run,
      '--backend',
      'cpu',
      '--json',
      '--hypotheses',
      hypotheses,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const metrics = JSON.parse(result.stdout.trim());
    expect(metrics.sentences).toBe(10);
    expect(metrics.split).toBe('test');
    for (const field of ['bleu', 'chrf', 'perplexity'])
      expect(Number.isFinite(metrics[field])).toBe(true);
    expect(metrics.perplexity).toBeGreaterThan(1);
    expect(readFileSync(hypotheses, 'utf8').split('\n')).toHaveLength(11);
  });

  it('evaluates with beam search settings from a decoding config file and flags', async () => {
    const decoding = join(root, 'decoding.json');
    writeFileSync(decoding, JSON.stringify({ beam: 3, earlyStopping: 'never', refill: true }));
    const result = await runCli([
      'eval',
      '-c',
      run,
      '--backend',
      'cpu',
      '--json',
      '--limit',
      '3',
      '--config',
      decoding,
      '--no-refill',
      '--hypotheses',
      join(root, 'hypotheses-beam.txt'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/decoding=beam beam=3 lengthPenalty=0\.6/);
    expect(result.stderr).toMatch(/earlyStopping=never refill=false/);
    expect(JSON.parse(result.stdout.trim()).sentences).toBe(3);
  });

  it('draws attention heat maps as SVG and HTML', async () => {
    const directory = join(root, 'maps');
    const result = await runCli([
      'heatmap',
      '-c',
      run,
      '--backend',
      'cpu',
      '--out-dir',
      directory,
      '3 May 2021',
      '1/2/03',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const files = result.stdout.trim().split('\n');
    expect(files.map((file) => file.slice(directory.length + 1))).toEqual([
      'attention-1.svg',
      'attention-2.svg',
      'attention.html',
    ]);
    expect(readFileSync(join(directory, 'attention-1.svg'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(directory, 'attention.html'), 'utf8')).toContain('<html');
  });

  it('exports a run as one inference bundle that translate and eval accept', async () => {
    const exported = join(root, 'exported');
    const halfExported = join(root, 'exported-fp16');
    const [result, half] = await Promise.all([
      runCli(['export', run, exported]),
      runCli(['export', run, halfExported, '--checkpoint', 'last', '--float16']),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(half.code, half.stderr).toBe(0);
    const bundle = join(exported, 'model.safetensors');
    expect(result.stdout.trim()).toBe(bundle);
    expect(result.stderr).toMatch(/exported .*best \([\d,]+ parameters, float32\): [\d.]+ MB/);
    // The weights (what follows the header) take half the bytes.
    expect(2 * weightBytes(join(halfExported, 'model.safetensors'))).toBe(weightBytes(bundle));

    const sentences = ['3 May 2021', 'JUN 20 2020', '1/2/03'];
    const translate = (checkpoint: string) =>
      runCli([
        'translate',
        '-c',
        checkpoint,
        '--backend',
        'cpu',
        '--beam',
        '2',
        '--json',
        ...sentences,
      ]);
    const [fromRun, fromBundle, evaluated] = await Promise.all([
      translate(run),
      // The directory export wrote stands for its model.safetensors.
      translate(exported),
      // The run's config travels in the bundle: eval finds the run's test split.
      runCli([
        'eval',
        '-c',
        bundle,
        '--backend',
        'cpu',
        '--json',
        '--hypotheses',
        join(root, 'bundle-hypotheses.txt'),
      ]),
    ]);
    expect(fromBundle.code, fromBundle.stderr).toBe(0);
    expect(fromBundle.stdout).toBe(fromRun.stdout);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout.trim()).sentences).toBe(10);
  });

  it('prints info: config, parameters, vocabularies and history', async () => {
    const result = await runCli(['info', run]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/architecture rnn, [\d,]+ parameters/);
    expect(result.stdout).toMatch(/vocabulary {3}\d+ source, \d+ target \(char\)/);
    expect(result.stdout).toContain('evaluations');
    const json = JSON.parse((await runCli(['info', run, '--json'])).stdout);
    expect(json.config.hidden).toBe(12);
    expect(json.training.step).toBe(6);
    expect(json.history.evaluations.map((entry: { step: number }) => entry.step)).toEqual([3, 6]);
  });

  it('downloads an anki corpus into the cache and prints its TSV path', async () => {
    const archive = zipSync({
      'spa.txt': strToU8('Hello.\tHola.\tCC-BY 2.0\nThank you.\tGracias.\tCC-BY 2.0\n'),
      '_about.txt': strToU8('Tatoeba'),
    });
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/spa-eng.zip' ? 200 : 404);
      response.end(request.url === '/spa-eng.zip' ? archive : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const cache = join(root, 'cache');
      const result = await runCli([
        'download',
        'spa',
        '--cache-dir',
        cache,
        '--url',
        `http://127.0.0.1:${port}/spa-eng.zip`,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe(join(cache, 'spa-eng', 'spa.txt'));
      expect(readFileSync(result.stdout.trim(), 'utf8')).toContain('Gracias.');
      const missing = await runCli([
        'download',
        'deu',
        '--cache-dir',
        cache,
        '--url',
        `http://127.0.0.1:${port}/deu-eng.zip`,
      ]);
      expectOneError(missing, /answered 404/);
    } finally {
      server.close();
    }
  });

  it('trains with time-based evaluation on a validation sample, a cosine schedule and its own decoder size', async () => {
    const out = join(root, 'recipe');
    const result = await runCli([
      'train',
      '--config',
      configFile,
      '--out',
      out,
      '--progress',
      'none',
      '--steps',
      '5',
      '--eval-every',
      '0.001s',
      '--valid-sample',
      '4',
      '--schedule',
      'cosine',
      '--warmup',
      '2',
      '--decoder-hidden',
      '10',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const records = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const evaluations = records.filter((r) => r.type === 'evaluation');
    // One evaluation (on the sample) after every update, then the whole set once.
    expect(evaluations.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 5]);
    expect(evaluations.at(-1)).toMatchObject({ final: true, pairs: 10 });
    expect(evaluations.at(-1).tokens).toBeGreaterThan(evaluations[0].tokens);
    expect(result.stderr).toContain('final validation (all 10 pairs) at step 5');
    const rates = records.filter((r) => r.type === 'step').map((r) => r.learningRate);
    const peak = 0.003; // the default --lr
    const expected = [1, 2, 3, 4, 5].map((step) =>
      step <= 2 ? (peak * step) / 2 : (peak * (1 + Math.cos((Math.PI * (step - 2)) / 3))) / 2,
    );
    expect(rates).toHaveLength(5);
    for (const [i, rate] of rates.entries()) expect(rate).toBeCloseTo(expected[i]!, 12);
    const info = JSON.parse((await runCli(['info', out, '--json'])).stdout);
    expect(JSON.stringify(info)).toContain('"decoderHidden":10');
  });

  it('resumes a run where it stopped', async () => {
    const copy = join(root, 'resumed');
    cpSync(run, copy, { recursive: true });
    const result = await runCli([
      'train',
      '--out',
      copy,
      '--resume',
      '--steps',
      '8',
      '--progress',
      'none',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('trained 8 steps');
    // The trainer last evaluated at step 6; the final weights are scored too.
    expect(result.stderr).toContain('final validation at step 8');
    const info = JSON.parse((await runCli(['info', copy, '--json'])).stdout);
    expect(info.history.sessions).toBe(2);
    expect(info.history.evaluations.at(-1).step).toBe(8);
  });
});

describe.concurrent(
  'heed-nmt errors: one line on stderr, a non-zero exit, nothing saved damaged',
  () => {
    const tinyFlags = ['--config', configFile, '--progress', 'none'];

    it('a missing data file', async () => {
      const missing = join(root, 'nope.tsv');
      expectOneError(
        await runCli(['train', ...tinyFlags, '--data', missing, '--out', join(root, 'x')]),
        /nope\.tsv: cannot read \(no such file\)/,
      );
    });

    it('an unreadable data file (a directory)', async () => {
      expectOneError(
        await runCli(['train', ...tinyFlags, '--data', root, '--out', join(root, 'x')]),
        /cannot read \(not a regular file\)/,
      );
    });

    it('missing Moses files', async () => {
      expectOneError(
        await runCli([
          'train',
          ...tinyFlags,
          '--src',
          join(root, 'a.de.gz'),
          '--tgt',
          join(root, 'a.en.gz'),
          '--out',
          join(root, 'x'),
        ]),
        /a\.de\.gz: cannot read/,
      );
    });

    it('a malformed corpus, naming file and line', async () => {
      const file = join(root, 'bad.tsv');
      writeFileSync(file, 'Hello.\tHola.\nno tab on this line\n');
      expectOneError(
        await runCli(['train', ...tinyFlags, '--data', file, '--out', join(root, 'x')]),
        /bad\.tsv:2: missing tab/,
      );
    });

    it('an unknown attention type, listing the known ones', async () => {
      expectOneError(
        await runCli([
          'train',
          ...tinyFlags,
          '--attention',
          'telepathic',
          '--out',
          join(root, 'x'),
        ]),
        /unknown attention type 'telepathic'\. Known types: additive, .*multihead/,
      );
    });

    it('a missing config file', async () => {
      expectOneError(
        await runCli(['train', '--config', join(root, 'none.json')]),
        /none\.json: cannot read the config file/,
      );
    });

    it('a checkpoint of an incompatible format version', async () => {
      const copy = join(root, 'future');
      cpSync(join(run, 'best'), copy, { recursive: true });
      const file = join(copy, 'config.json');
      const config = JSON.parse(readFileSync(file, 'utf8'));
      config.model.version = 99;
      writeFileSync(file, JSON.stringify(config));
      expectOneError(
        await runCli(['translate', '-c', copy, '--backend', 'cpu', 'hello']),
        /format version 99 is not supported; this heed-nmt reads version 1/,
      );
    });

    it('a checkpoint whose weights do not match its config', async () => {
      const copy = join(root, 'mismatch');
      cpSync(join(run, 'best'), copy, { recursive: true });
      const file = join(copy, 'config.json');
      const config = JSON.parse(readFileSync(file, 'utf8'));
      config.model.spec.config.encoder.hiddenSize = 10;
      writeFileSync(file, JSON.stringify(config));
      expectOneError(
        await runCli(['translate', '-c', copy, '--backend', 'cpu', 'hello']),
        /weights\.safetensors: .*mismatched: encoder\.rnn\.weight_ih_l0/,
      );
    });

    it('a truncated weights file', async () => {
      const copy = join(root, 'truncated');
      cpSync(join(run, 'best'), copy, { recursive: true });
      truncateSync(join(copy, 'weights.safetensors'), 40);
      expectOneError(await runCli(['info', copy]), /weights\.safetensors/);
    });

    it('a file that is not an inference bundle', async () => {
      const file = join(root, 'not-a-bundle.safetensors');
      writeFileSync(file, '<!doctype html>');
      expectOneError(
        await runCli(['translate', '-c', file, '--backend', 'cpu', 'hello']),
        /not-a-bundle\.safetensors: header length \d+ exceeds/,
      );
    });

    it('exporting what is not a run', async () => {
      expectOneError(
        await runCli(['export', join(root, 'ghost'), join(root, 'ghost-export')]),
        /ghost: not a checkpoint \(no config\.json\) nor a run directory with a best\/ checkpoint/,
      );
    });

    it('a missing checkpoint', async () => {
      expectOneError(
        await runCli(['eval', '-c', join(root, 'ghost'), '--backend', 'cpu']),
        /ghost: no such checkpoint or run directory/,
      );
    });

    it('resuming with a config that does not fit the checkpoint, leaving it intact', async () => {
      const before = digest(join(run, 'last', 'weights.safetensors'));
      expectOneError(
        await runCli(['train', '--out', run, '--resume', '--hidden', '99', '--progress', 'none']),
        /incompatible config: --hidden 99 differs from the checkpoint's 12/,
      );
      expect(digest(join(run, 'last', 'weights.safetensors'))).toBe(before);
    });

    it('training into a run directory that holds a run, leaving it intact', async () => {
      const before = digest(join(run, 'best', 'weights.safetensors'));
      expectOneError(
        await runCli(['train', ...tinyFlags, '--out', run]),
        /already holds a run \(best, last, metrics\.jsonl\); pass --resume/,
      );
      expect(digest(join(run, 'best', 'weights.safetensors'))).toBe(before);
    });

    it('an empty input line, after translating the lines before it', async () => {
      const result = await runCli(['translate', '-c', run, '--backend', 'cpu'], {
        input: '3 May 2021\n\n4 May 2021\n',
      });
      expectOneError(result, /stdin:2: empty input line/);
      // One translation (possibly empty for this tiny model), newline-terminated.
      expect(result.stdout.split('\n')).toHaveLength(2);
    });

    it('an empty line in an input file', async () => {
      const file = join(root, 'input.txt');
      writeFileSync(file, '3 May 2021\n   \n');
      expectOneError(
        await runCli(['translate', '-c', run, '--backend', 'cpu', '--input', file]),
        /input\.txt:2: empty input line/,
      );
    });

    it('a bad early-stopping rule in a decoding config file, naming file and field', async () => {
      const decoding = join(root, 'bad-decoding.json');
      writeFileSync(decoding, JSON.stringify({ beam: 2, earlyStopping: 'soon' }));
      expectOneError(
        await runCli(['translate', '-c', run, '--backend', 'cpu', '--config', decoding, 'hello']),
        /bad-decoding\.json: earlyStopping must be one of 'bound', 'k-finished', 'never'\. Received: earlyStopping='soon'/,
      );
    });

    it('a bad flag value, from commander', async () => {
      const result = await runCli(['train', '--hidden', 'big']);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain("option '--hidden <n>' argument 'big' is invalid");
    });

    it('a prune margin that is not a positive number, from commander', async () => {
      const result = await runCli(['translate', '-c', run, '--prune-margin', '0', 'hello']);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain("option '--prune-margin <m>' argument '0' is invalid");
      expect(result.stderr).toContain('must be a number > 0');
    });

    it('a thread count that is not a positive integer', async () => {
      const result = await runCli(['translate', '-c', run, '--threads', '0', 'hello']);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain("option '--threads <n>' argument '0' is invalid");
    });

    it('a backend that is not installed', async () => {
      expectOneError(
        await runCli(['translate', '-c', run, '--backend', 'tensorflow', 'hello']),
        /backend 'tensorflow' is unavailable/,
      );
    });

    it('a bad language code for download', async () => {
      mkdirSync(join(root, 'cache'), { recursive: true });
      expectOneError(
        await runCli(['download', 'Spanish', '--cache-dir', join(root, 'cache')]),
        /three-letter lowercase language code/,
      );
    });
  },
);
