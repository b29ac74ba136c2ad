import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLines, runCli, TINY_CONFIG } from './cli-process';

// Inside the app, so the plugin's imports resolve as a user's project next to heed-nmt would.
const root = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.plugin-'));
const configFile = join(root, 'tiny.json');
const plugin = join(root, 'cosine-attention.ts');
const run = join(root, 'run');

/** The tutorial's one-file variant, exactly as the attention README shows it. */
function tutorialVariant(): string {
  const readme = readFileSync(
    new URL('../../../packages/attention/README.md', import.meta.url),
    'utf8',
  );
  const block = /```ts\n(\/\/ cosine-attention\.ts\n[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('the attention README has no cosine-attention.ts block');
  return block[1] as string;
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('heed-nmt --plugin with the attention README tutorial', () => {
  writeFileSync(configFile, JSON.stringify(TINY_CONFIG));
  writeFileSync(plugin, tutorialVariant());

  it('trains and translates with the type the plugin registers, its options read by its schema', async () => {
    const trained = await runCli([
      'train',
      '--plugin',
      plugin,
      '--config',
      configFile,
      '--attention',
      'cosine',
      '--attention-option',
      'temperature=0.5',
      '--steps',
      '2',
      '--out',
      run,
      '--progress',
      'none',
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    const stored = JSON.parse(readFileSync(join(run, 'last', 'config.json'), 'utf8'));
    expect(stored.model.spec.config.attention).toEqual({ type: 'cosine', temperature: 0.5 });

    const translated = await runCli([
      'translate',
      '--plugin',
      plugin,
      '-c',
      join(run, 'last'),
      '--backend',
      'cpu',
      '1 march 2001',
    ]);
    expect(translated.code, translated.stderr).toBe(0);
    expect(errorLines(translated)).toEqual([]);

    const unregistered = await runCli([
      'translate',
      '-c',
      join(run, 'last'),
      '--backend',
      'cpu',
      'x',
    ]);
    expect(unregistered.code).not.toBe(0);
    expect(errorLines(unregistered).join('\n')).toMatch(/cosine/);
  });

  it('rejects an option value the schema refuses, in one line', async () => {
    const result = await runCli([
      'train',
      '--plugin',
      plugin,
      '--config',
      configFile,
      '--attention',
      'cosine',
      '--attention-option',
      'temperature=0',
      '--out',
      join(root, 'bad'),
    ]);
    expect(result.code).not.toBe(0);
    expect(errorLines(result)).toEqual([
      'heed-nmt: error: --attention-option (cosine): temperature must be a number in [0.001, 1000]. Received: temperature=0',
    ]);
  });
});
