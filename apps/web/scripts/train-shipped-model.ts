// Trains the dates model the page ships with and exports it as an inference
// bundle: `npx tsx scripts/train-shipped-model.ts` from apps/web (after
// `npm run build` at the root). A character-level GRU with additive attention,
// small enough that its float16 bundle stays well under 1 MB, trained with
// `heed-nmt train` and written by `heed-nmt export --float16` to
// public/models/dates/model.safetensors. A run already in .shipped-model-run is
// exported without training again; delete it to retrain.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const cli = join(app, '..', 'nmt', 'dist', 'cli.js');
const run = join(app, '.shipped-model-run');
const bundleDir = join(app, 'public', 'models', 'dates');
/** The sentence the page opens with; the shipped model must get it right. */
const CHECK = { source: 'the 3rd of May, 2021', target: '2021-05-03' };

/** Runs one heed-nmt command, echoing it first; returns its standard output. */
function heedNmt(args: string[]): string {
  console.log(`$ heed-nmt ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result.stdout;
}

if (!existsSync(cli)) {
  console.error('heed-nmt is not built: run `npm run build` at the repository root first');
  process.exit(1);
}
if (!existsSync(join(run, 'best'))) {
  heedNmt([
    'train',
    '--data',
    'builtin:dates',
    '--tokenizer',
    'char',
    '--embed',
    '24',
    '--hidden',
    '64',
    '--attention',
    'additive',
    '--dropout',
    '0',
    '--batch-tokens',
    '1024',
    '--lr',
    '0.004',
    '--time',
    '6m',
    '--eval-every',
    '200',
    '--eval-sentences',
    '100',
    '--backend',
    'wasm',
    '--threads',
    '1',
    '--progress',
    'lines',
    '--out',
    run,
  ]);
}
heedNmt(['export', run, bundleDir, '--float16']);
const bundle = join(bundleDir, 'model.safetensors');
const translated = heedNmt(['translate', '-c', bundle, CHECK.source]).trim();
console.log(`${bundle}: ${(statSync(bundle).size / 1000).toFixed(1)} kB`);
console.log(`${CHECK.source} → ${translated}`);
if (translated !== CHECK.target) {
  console.error(`expected ${CHECK.target}: train longer (delete ${run}) before shipping`);
  process.exit(1);
}
