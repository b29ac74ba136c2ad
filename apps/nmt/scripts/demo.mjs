#!/usr/bin/env node
// `npm run demo`: trains an attention model on the built-in dates corpus for
// two and a half minutes with the fastest backend available without a
// download, then prints held-out translations with test BLEU and chrF and
// writes attention heat maps. Each step is a `heed-nmt` command, printed
// before it runs, so the demo doubles as a tour of the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const cli = join(app, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error(
    'heed-nmt is not built: run `npm run demo` from the repository root (it builds first)',
  );
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
const run = join(app, 'runs', `demo-${stamp}`);
// npm runs this script in apps/nmt; paths are shown relative to where `npm run demo` was typed.
const here = process.env.INIT_CWD ?? process.cwd();
const shown = (path) => relative(here, path) || '.';

/** Runs one heed-nmt command, echoing it first; stops the demo if it fails. */
function heedNmt(args) {
  const echoed = args.map((arg) => (arg.startsWith(run) ? shown(arg) : arg));
  const quoted = echoed.map((arg) => (/[\s",]/.test(arg) ? JSON.stringify(arg) : arg));
  console.log(`\n$ heed-nmt ${quoted.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log(
  'heed demo: dates in ~25 formats → ISO 8601, with a character-level GRU and additive (Bahdanau) attention',
);
heedNmt([
  'train',
  '--data',
  'builtin:dates',
  '--tokenizer',
  'char',
  '--embed',
  '32',
  '--hidden',
  '128',
  '--attention',
  'additive',
  '--dropout',
  '0',
  '--batch-tokens',
  '1024',
  '--lr',
  '0.003',
  '--time',
  '150s',
  '--eval-every',
  '150',
  '--eval-sentences',
  '100',
  '--out',
  run,
]);
heedNmt(['eval', '--checkpoint', run, '--show', '12']);
heedNmt([
  'heatmap',
  '--checkpoint',
  run,
  '--out-dir',
  join(run, 'heatmaps'),
  'Tuesday, May 8, 2046',
  'the 3rd of May, 2021',
  '17-aug-85',
  '12/31/99',
]);
console.log(
  `\nOpen ${shown(join(run, 'heatmaps', 'attention.html'))} in a browser to see where the model looked.`,
);
console.log(`Try it yourself: echo "July 4, 1976" | node ${shown(cli)} translate -c ${shown(run)}`);
