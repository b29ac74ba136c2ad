import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

it('SIGINT saves a checkpoint and the process exits with code 0', async () => {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'heed-interrupt-'));
  try {
    const runDirectory = path.join(directory, 'run');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('test', 'interrupt-child.ts'), runDirectory],
      {
        cwd: packageRoot,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join('test', 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('ready\n')) resolve();
      });
      child.on('exit', () => reject(new Error(`the child exited before training: ${stderr}`)));
    });
    child.kill('SIGINT');
    const { code, signal } = await exited;
    expect({ code, signal, stderr: code === 0 ? '' : stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });

    const result = JSON.parse(stdout.split('\n').at(-2) ?? '{}') as {
      stopReason: string;
      steps: number;
    };
    expect(result.stopReason).toBe('interrupted');
    expect(result.steps).toBeGreaterThanOrEqual(3);
    const checkpoint = await loadCheckpoint<{ training: { step: number } }>(
      path.join(runDirectory, 'last'),
    );
    expect(checkpoint.config.training.step).toBe(result.steps);
    tf.dispose([...checkpoint.tensors.values(), ...checkpoint.extraTensors.values()]);
    const log = (await readFile(path.join(runDirectory, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(JSON.parse(log.at(-2) ?? '{}')).toMatchObject({
      type: 'checkpoint',
      reason: 'interrupted',
    });
    expect(JSON.parse(log.at(-1) ?? '{}')).toMatchObject({ type: 'stop', reason: 'interrupted' });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
