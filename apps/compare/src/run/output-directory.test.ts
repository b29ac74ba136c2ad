import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCompareConfig } from '../config/resolve-compare-config';
import { OutputDirectory } from './output-directory';

describe('OutputDirectory', () => {
  const settings = resolveCompareConfig('quick');

  it('records the settings of a new directory and resumes one with the same settings', async () => {
    const out = new OutputDirectory(join(mkdtempSync(join(tmpdir(), 'heed-compare-out-')), 'run'));
    expect(await out.claim(settings)).toBe('new');
    expect(JSON.parse(readFileSync(out.settingsFile, 'utf8')).settings).toEqual(settings);
    expect(await out.claim({ ...settings })).toBe('resumed');
    expect(await out.readResult('additive', 0)).toBeUndefined();
  });

  it('refuses other settings, saying which fields differ', async () => {
    const out = new OutputDirectory(mkdtempSync(join(tmpdir(), 'heed-compare-out-')));
    await out.claim(settings);
    const steps = settings.steps ?? 0;
    await expect(out.claim({ ...settings, steps: steps + 1, seed: 3 })).rejects.toThrow(
      `holds a comparison run with other settings (steps: ${steps} → ${steps + 1}; seed: 0 → 3); rerun with the same settings to resume it, or choose another --out`,
    );
  });
});
