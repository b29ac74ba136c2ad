import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, errorLines, runCli, startCli, TINY_CONFIG } from './cli-process';

const root = mkdtempSync(join(tmpdir(), 'heed-nmt-safety-'));
const run = join(root, 'run');
const configFile = join(root, 'tiny.json');
const tinyFlags = ['--config', configFile, '--progress', 'none'];
const cpu = ['--backend', 'cpu'];

beforeAll(async () => {
  writeFileSync(configFile, JSON.stringify(TINY_CONFIG));
  const trained = await runCli(['train', ...tinyFlags, '--out', run]);
  expect(trained.code, trained.stderr).toBe(0);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A failed run with exactly one `heed-nmt: error:` line, matching `pattern`. */
function expectOneError(result: CliRun, pattern: RegExp): void {
  expect(result.code).toBe(1);
  const lines = errorLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

/** `train --resume` of `out` to update 7. */
function resumeSevenSteps(out: string): Promise<CliRun> {
  return runCli(['train', '--out', out, '--resume', '--steps', '7', '--progress', 'none']);
}

/** Waits until the child's stderr matches `pattern`. */
async function waitFor(stderr: () => string, pattern: RegExp): Promise<void> {
  for (let waited = 0; !pattern.test(stderr()); waited += 50) {
    if (waited > 120_000) throw new Error(`never printed ${pattern}: ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('files are written whole, and only after the input was checked', () => {
  it('translate --output leaves an existing file alone when a later line is bad', async () => {
    const output = join(root, 'kept.txt');
    writeFileSync(output, 'earlier results\n');
    const result = await runCli(['translate', '-c', run, ...cpu, '--output', output], {
      input: '3 May 2021\n\n4 May 2021\n',
    });
    expectOneError(result, /^heed-nmt: error: stdin:2: empty input line/);
    expect(readFileSync(output, 'utf8')).toBe('earlier results\n');
    expect(readdirSync(root).filter((name) => name.startsWith('kept.txt'))).toEqual(['kept.txt']);
  });

  it('translate --output writes every translation once the input is done', async () => {
    const output = join(root, 'written.txt');
    const result = await runCli(['translate', '-c', run, ...cpu, '--output', output], {
      input: '3 May 2021\n4 May 2021\n',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(output, 'utf8').split('\n')).toHaveLength(3);
  });

  it('translate checks every argument and input-file line before printing anything', async () => {
    const argument = await runCli(['translate', '-c', run, ...cpu, '3 May 2021', ' ']);
    expectOneError(argument, /argument:2: empty input line/);
    expect(argument.stdout).toBe('');
    expect(argument.stderr).not.toContain('heed-nmt translate\n'); // failed before loading the model

    const file = join(root, 'late-nul.txt');
    writeFileSync(file, '3 May 2021\n4 May 2021\nMay\u0000 5\n');
    const input = await runCli(['translate', '-c', run, ...cpu, '--input', file]);
    expectOneError(input, /late-nul\.txt:3: control character U\+0000 \(NUL\) at column 4/);
    expect(input.stdout).toBe('');
  });

  it('heatmap checks its input file (UTF-8, empty lines) before loading the model or writing', async () => {
    const file = join(root, 'maps.txt');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('3 May 2021\n'), Buffer.from([0x4d, 0xe9, 0x0a])]),
    );
    const outDir = join(root, 'maps');
    const result = await runCli([
      'heatmap',
      '-c',
      run,
      ...cpu,
      '--input',
      file,
      '--out-dir',
      outDir,
    ]);
    expectOneError(result, /maps\.txt:2: invalid UTF-8 at byte 1 of the line/);
    expect(result.stderr).not.toContain('heed-nmt heatmap\n');
    expect(existsSync(outDir)).toBe(false);
  });

  it('translate refuses an --output that is a directory before loading the model', async () => {
    const result = await runCli(['translate', '-c', run, ...cpu, '--output', root, 'hi']);
    expectOneError(result, /is a directory, expected a file/);
  });
});

describe('one text policy for translate input', () => {
  it('refuses invalid UTF-8 on stdin, naming the line', async () => {
    const input = Buffer.concat([Buffer.from('3 May 2021\n'), Buffer.from([0x4d, 0xe9, 0x0a])]);
    expectOneError(
      await runCli(['translate', '-c', run, ...cpu], { input }),
      /stdin:2: invalid UTF-8 at byte 1 of the line \(pass --replace-invalid/,
    );
  });

  it('refuses control characters, naming line and column', async () => {
    expectOneError(
      await runCli(['translate', '-c', run, ...cpu], { input: '3\u0000May\n' }),
      /stdin:1: control character U\+0000 \(NUL\) at column 2/,
    );
  });

  it('replaces and counts them with --replace-invalid', async () => {
    const input = Buffer.concat([Buffer.from([0x4d, 0xe9, 0x0a]), Buffer.from('3\u0000May\n')]);
    const result = await runCli(['translate', '-c', run, ...cpu, '--replace-invalid'], { input });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(3);
    expect(result.stderr).toContain('replaced 2 invalid or control character(s) by U+FFFD');
  });
});

describe('training pairs that cannot be trained on', () => {
  it('are counted with the reason in the header, metrics.jsonl and info', async () => {
    const out = join(root, 'dropping');
    // Dates are 6 to 30 characters: batches of 20 tokens leave the longer ones out.
    const result = await runCli([
      'train',
      ...tinyFlags,
      '--batch-tokens',
      '20',
      '--steps',
      '2',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const header =
      /data: builtin:dates: (\d+) train, .* pairs \((\d+) dropped: \2 longer than --batch-tokens 20\)/.exec(
        result.stderr,
      );
    expect(header, result.stderr).not.toBeNull();
    const [, train, dropped] = header as RegExpExecArray;
    expect(result.stderr).toMatch(
      /out of vocabulary in held-out pairs: source \d+\.\d% of \d+ tokens, \d+\.\d% of 20 sentences; target 0\.0% of \d+ tokens, 0\.0% of 20 sentences\n/,
    );
    expect(result.stderr).not.toContain('warning:');
    expect(Number(train) + Number(dropped)).toBe(180);
    const records = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({
      type: 'data',
      train: Number(train),
      dropped: Number(dropped),
      droppedBy: { maxLength: 0, batchTokens: Number(dropped) },
    });
    const info = await runCli(['info', out]);
    expect(info.stdout).toContain(
      `  dropped        ${dropped} (${dropped} longer than --batch-tokens 20)`,
    );
  });

  it('leaving no batches are refused before anything is written', async () => {
    const out = join(root, 'no-batches');
    expectOneError(
      await runCli(['train', ...tinyFlags, '--batch-tokens', '1', '--out', out]),
      /builtin:dates: no training pair is left: 180 longer than --batch-tokens 1; raise --max-length or --batch-tokens/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('eval', () => {
  it('scores every pair of a file it is given, and suggests --split all for an empty split', async () => {
    const file = join(root, 'dates.tsv');
    const lines = ['3 May 2021\t2021-05-03', '4 June 1999\t1999-06-04', '12/31/99\t1999-12-31'];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const given = await runCli(['eval', '-c', run, ...cpu, '--data', file, '--json']);
    expect(given.code, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ split: 'all', sentences: 3 });

    const copy = join(root, 'no-test-share');
    cpSync(run, copy, { recursive: true });
    for (const name of ['best', 'last']) {
      const config = join(copy, name, 'config.json');
      const stored = JSON.parse(readFileSync(config, 'utf8'));
      stored.model.config.testShare = 0;
      writeFileSync(config, JSON.stringify(stored));
    }
    expectOneError(
      await runCli(['eval', '-c', copy, ...cpu]),
      /the test split holds no pairs; pass --split all to score every pair \(the run was trained with --test-share 0\)/,
    );
  });
});

describe('info', () => {
  it("prints no TF.js 'install our node backend' banner", async () => {
    const result = await runCli(['info', run]);
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/node backend|Hi, looks like/);
  });
});

describe('a run directory', () => {
  for (const [what, make] of [
    ['only a metrics.jsonl', (dir: string) => writeFileSync(join(dir, 'metrics.jsonl'), '{}\n')],
    ['only a temporary save', (dir: string) => mkdirSync(join(dir, '.last.tmp-1234'))],
    ['checkpoints without config.json', (dir: string) => mkdirSync(join(dir, 'best'))],
  ] as const) {
    it(`holding ${what} is never reused without --resume`, async () => {
      const out = join(root, `used-${what.replace(/\W+/g, '-')}`);
      mkdirSync(out);
      make(out);
      const before = readdirSync(out);
      expectOneError(
        await runCli(['train', ...tinyFlags, '--out', out]),
        /already holds a run \(.+\); pass --resume to continue it, or choose another --out/,
      );
      expect(readdirSync(out)).toEqual(before);
    });
  }

  it('whose save was killed between its renames is recovered by --resume and read meanwhile', async () => {
    const copy = join(root, 'killed-save');
    cpSync(run, copy, { recursive: true });
    // A kill between the renames: last/ aside as its .previous copy, the new one not yet in place.
    renameSync(join(copy, 'last'), join(copy, '.last.tmp-0001.previous'));
    mkdirSync(join(copy, '.last.tmp-0001'));
    rmSync(join(copy, 'best'), { recursive: true });
    const read = await runCli(['info', copy]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/checkpoint {3}.*\.last\.tmp-0001\.previous/);
    expect(existsSync(join(copy, 'last'))).toBe(false); // reading changed nothing

    const resumed = await resumeSevenSteps(copy);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      'recovered last/ from an interrupted save (.last.tmp-0001.previous)',
    );
    expect(resumed.stderr).toContain('removed 1 temporary directory of interrupted last/ saves');
    expect(readdirSync(copy).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('left locked by a process that is gone is taken over, and released at the end', async () => {
    const copy = join(root, 'orphaned-lock');
    cpSync(run, copy, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const orphan = { pid: gone, host: hostname(), command: 'heed-nmt train', since: 'then' };
    writeFileSync(join(copy, 'run.lock'), JSON.stringify(orphan));
    const resumed = await resumeSevenSteps(copy);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `took over run.lock from process ${gone} on ${hostname()} (heed-nmt train, since then), which is gone`,
    );
    expect(readdirSync(copy).filter((name) => name.includes('lock'))).toEqual([]);
  });

  it('locked by a live process is left alone, and one locked on another host names the file', async () => {
    const copy = join(root, 'locked');
    cpSync(run, copy, { recursive: true });
    const lock = join(copy, 'run.lock');
    const live = { pid: process.pid, host: hostname(), command: 'heed-compare', since: 'now' };
    writeFileSync(lock, JSON.stringify(live));
    const before = readFileSync(join(copy, 'last', 'config.json'), 'utf8');
    expectOneError(
      await resumeSevenSteps(copy),
      new RegExp(
        `locked is in use: process ${process.pid} on .+ \\(heed-compare, since now\\); wait for it to finish or stop it$`,
      ),
    );
    const remote = { ...live, host: 'elsewhere' };
    writeFileSync(lock, JSON.stringify(remote));
    expectOneError(
      await runCli(['train', '--out', copy, '--resume', '--progress', 'none']),
      /in use: process \d+ on elsewhere .*\(if it is gone, remove .*locked\/run\.lock\)$/,
    );
    expect(readFileSync(join(copy, 'last', 'config.json'), 'utf8')).toBe(before);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual(remote);
  });

  it('says which checkpoints lack a config.json', async () => {
    const empty = join(root, 'hollow');
    mkdirSync(join(empty, 'best'), { recursive: true });
    mkdirSync(join(empty, 'last'));
    expectOneError(
      await runCli(['info', empty]),
      /hollow: not a checkpoint \(no config\.json\), and its best\/ and last\/ hold no config\.json/,
    );
  });

  it('names the checkpoint, and the model class as written, when resumed weights do not fit', async () => {
    const copy = join(root, 'misfit');
    cpSync(run, copy, { recursive: true });
    const file = join(copy, 'last', 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.model.spec.config.encoder.hiddenSize = 10;
    writeFileSync(file, JSON.stringify(config));
    expectOneError(
      await runCli(['train', '--out', copy, '--resume', '--steps', '8', '--progress', 'none']),
      /misfit\/last: cannot resume \(RnnSeq2Seq: parameters do not match\. .*mismatched: encoder\./,
    );
  });
});

describe('an interrupted command', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`train saves its checkpoint and exits ${code} on ${signal}`, async () => {
      const out = join(root, `interrupted-${signal}`);
      const started = startCli([
        'train',
        '--config',
        configFile,
        '--steps',
        '100000',
        '--eval-every',
        '100000',
        '--progress',
        'lines',
        '--progress-seconds',
        '0.001',
        '--out',
        out,
      ]);
      started.child.stdin?.end();
      // Step 1 is printed only because --progress-seconds has passed (lines come every 100 updates otherwise).
      await waitFor(started.stderr, /^step 1\/100000 \| epoch 1 \| loss /m);
      const holder = JSON.parse(readFileSync(join(out, 'run.lock'), 'utf8'));
      expect(holder).toMatchObject({ pid: started.child.pid, command: 'heed-nmt train' });
      if (signal === 'SIGINT') {
        expectOneError(
          await runCli(['train', '--out', out, '--resume', '--progress', 'none']),
          new RegExp(
            `interrupted-SIGINT is in use: process ${started.child.pid} on .+ \\(heed-nmt train, since .+\\); wait for it to finish or stop it$`,
          ),
        );
      }
      started.child.kill(signal);
      const result = await started.finished;
      expect(result.code, result.stderr).toBe(code);
      expect(existsSync(join(out, 'run.lock'))).toBe(false);
      expect(result.stderr).toMatch(
        new RegExp(
          `heed-nmt: interrupted by ${signal} at step \\d+; checkpoint saved in .*interrupted-${signal}/last; continue with: heed-nmt train --out .* --resume\\n$`,
        ),
      );
      expect(existsSync(join(out, 'last', 'config.json'))).toBe(true);
    });
  }

  it(`translate stops with a message and exit code 130 on SIGINT, leaving --output alone`, async () => {
    const output = join(root, 'stopped.txt');
    writeFileSync(output, 'before\n');
    const started = startCli(['translate', '-c', run, ...cpu, '--output', output]);
    started.child.stdin?.write('3 May 2021\n');
    await waitFor(started.stderr, /heed-nmt translate\n/);
    started.child.kill('SIGINT');
    const result = await started.finished;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/heed-nmt: interrupted by SIGINT; stopped before finishing/);
    expect(readFileSync(output, 'utf8')).toBe('before\n');
  });
});
