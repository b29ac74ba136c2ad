import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { teacherForcedLogits, tinySpecs, tinyTokenizers } from '../../test/tiny-models';
import { BUNDLE_FILE, encodeBundle } from '../bundle';
import { modelFromSpec } from '../model-spec';
import { loadBundle, saveBundle } from './bundle-file';

const tokenizers = tinyTokenizers();
const scratch = await mkdtemp(join(tmpdir(), 'heed-models-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('saveBundle / loadBundle', () => {
  it('writes the bytes encodeBundle gives and reads them back from the file or its directory', async () => {
    const model = modelFromSpec(tinySpecs(tokenizers).rnn);
    const file = join(scratch, 'export', BUNDLE_FILE);
    expect(await saveBundle(file, model, tokenizers, { float16: true })).toBe(file);
    // Atomic: no temporary file is left beside it.
    expect(await readdir(join(scratch, 'export'))).toEqual([BUNDLE_FILE]);
    for (const path of [file, join(scratch, 'export')]) {
      const bundle = await loadBundle(path);
      expect(bundle.dtype).toBe('float16');
      const logits = teacherForcedLogits(bundle.model);
      const reference = teacherForcedLogits(model);
      expect(
        Math.max(...logits.map((value, i) => Math.abs(value - (reference[i] as number)))),
      ).toBeLessThan(1e-2);
      bundle.model.dispose();
    }
    const bytes = await encodeBundle(model, tokenizers);
    await writeFile(join(scratch, 'plain.safetensors'), bytes);
    const plain = await loadBundle(join(scratch, 'plain.safetensors'));
    expect(teacherForcedLogits(plain.model)).toEqual(teacherForcedLogits(model));
    plain.model.dispose();
    model.dispose();
  });

  it('names a missing file, and a directory without a bundle', async () => {
    await expect(loadBundle(join(scratch, 'nowhere'))).rejects.toThrow(
      `loadBundle: ${join(scratch, 'nowhere')}: no such file or directory`,
    );
    expect(existsSync(scratch)).toBe(true);
    await expect(loadBundle(scratch)).rejects.toThrow(
      `loadBundle: cannot read ${join(scratch, BUNDLE_FILE)}`,
    );
  });
});
