import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpointSpec, tensorsFromSpec } from '../../scripts/checkpoint-spec';
import { expectTensorsClose } from '../testing';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';

// The checkpoint described by known-checkpoint.json was written by
// scripts/write-checkpoint.ts and read by scripts/read_checkpoint.py (NumPy),
// which checked every value and recorded the files' SHA-256 in
// known-checkpoint.python-report.json. Writing the same checkpoint here must
// give the very bytes Python verified.
const fixtures = new URL('../__fixtures__/', import.meta.url);

interface PythonReport {
  ok: boolean;
  failures: string[];
  checked: string[];
  files: Record<string, { sha256: string }>;
}

let directory: string;
let report: PythonReport;
const spec = await readCheckpointSpec(new URL('known-checkpoint.json', fixtures));

beforeAll(async () => {
  directory = join(await mkdtemp(join(tmpdir(), 'heed-known-')), 'checkpoint');
  report = JSON.parse(
    await readFile(new URL('known-checkpoint.python-report.json', fixtures), 'utf8'),
  );
  const weights = tensorsFromSpec(spec.tensors);
  const extraTensors = tensorsFromSpec(spec.extraTensors);
  await saveCheckpoint(directory, {
    weights,
    extraTensors,
    config: spec.config,
    metadata: spec.metadata ?? {},
  });
  tf.dispose([...weights.values(), ...extraTensors.values()]);
});

afterAll(async () => {
  await rm(join(directory, '..'), { recursive: true, force: true });
});

describe('a checkpoint NumPy has read', () => {
  it('passed every check of read_checkpoint.py', () => {
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked.sort()).toEqual(
      [...Object.keys(spec.tensors), ...Object.keys(spec.extraTensors ?? {})].sort(),
    );
  });

  it.each(['config.json', 'weights.safetensors', 'extra.safetensors'])(
    'is written today byte for byte as Python verified it: %s',
    async (file) => {
      const bytes = await readFile(join(directory, file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(report.files[file]?.sha256);
    },
  );

  it('loads back with the values of the spec', async () => {
    const loaded = await loadCheckpoint(directory);
    expect(loaded.config).toEqual(spec.config);
    expect(loaded.metadata).toEqual(spec.metadata);
    for (const [group, specs] of [
      [loaded.tensors, spec.tensors],
      [loaded.extraTensors, spec.extraTensors ?? {}],
    ] as const) {
      expect([...group.keys()].sort()).toEqual(Object.keys(specs).sort());
      for (const [name, tensorSpec] of Object.entries(specs)) {
        const want = tf.tensor(tensorSpec.values, tensorSpec.shape, tensorSpec.dtype);
        expectTensorsClose(group.get(name) as tf.Tensor, want, { atol: 0 });
        want.dispose();
      }
    }
    tf.dispose([...loaded.tensors.values(), ...loaded.extraTensors.values()]);
  });
});
