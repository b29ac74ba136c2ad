// Training speed of `heed-nmt train` itself (not a re-implementation) against
// the PyTorch peer of the same model on the same batches, measured in the same
// run (not CI): both start together on Multi30k de→en words, one thread (and
// one core) each, with no evaluation while timed. Prints training target
// tokens/s of each and heed's ratio.
//
// Workloads (model sizes of packages/rnn/bench/seq2seq.ts; batches of at most
// its batch × length tokens, cut from Multi30k by heed-nmt's length buckets):
//   w-small:  vocab 2000, embed 128, GRU 128, decoder 128, attention 128, batches ≤ 32 × 12 tokens
//   w-base:   vocab 8000, embed 256, bidirectional GRU 2 × 256, attention 512, batches ≤ 64 × 20
//             tokens; heed-nmt's decoder has the encoder's layers and width (2 × 256), where
//             the rnn bench's has one layer of 512 (`--layers` sets both sides' depth)
//   multi30k: heed-nmt's defaults (GRU 256, decoder 256, vocab 8000, batches ≤ 2048 tokens,
//             dropout 0.1)
//
//   npm run build && cd apps/nmt
//   npx tsx bench/train-speed.ts [--workloads w-small,w-base,multi30k] [--seconds 90] [--no-pin]
//     [--backend webgpu] [--peer-device cuda]
//
// On a GPU: `--backend webgpu --peer-device cuda` trains heed-nmt on WebGPU
// (Dawn in Node, the machine's Vulkan driver) and the peer with CUDA.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RecipeConfig } from '@heed/recipe';
import { fixed, formatTable } from '../src/cli/output';
import { CORPORA } from './corpora';
import { runSideBySide } from './side-by-side';

const WORKLOADS: Record<string, { description: string; heed: Partial<RecipeConfig> }> = {
  'w-small': {
    description: 'W-small',
    heed: { vocabSize: 2000, embed: 128, hidden: 128, dropout: 0, batchTokens: 32 * 12 },
  },
  'w-base': {
    description: 'W-base (decoder 2×256)',
    heed: {
      vocabSize: 8000,
      embed: 256,
      hidden: 256,
      layers: 2,
      bidirectional: true,
      dropout: 0,
      batchTokens: 64 * 20,
    },
  },
  multi30k: { description: 'Multi30k words, heed-nmt defaults', heed: {} },
};

const { values: args } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'w-small,w-base,multi30k' },
    seconds: { type: 'string', default: '90' },
    'no-pin': { type: 'boolean', default: false },
    backend: { type: 'string' },
    'peer-device': { type: 'string', default: 'cpu' },
    out: { type: 'string' },
  },
});
const directory = args.out ?? mkdtempSync(join(tmpdir(), 'heed-train-speed-'));
const data = CORPORA.multi30k?.heed() ?? {};
const rows: string[][] = [];
for (const name of args.workloads.split(',')) {
  const workload = WORKLOADS[name];
  if (!workload) {
    throw new Error(`unknown workload '${name}'; choose ${Object.keys(WORKLOADS).join(', ')}`);
  }
  console.error(`== ${workload.description}`);
  const result = await runSideBySide({
    // No evaluation (and so no checkpoint) until the budget ends.
    heed: {
      ...data,
      ...workload.heed,
      evalEvery: 1_000_000,
      ...(args.backend ? { backend: args.backend as RecipeConfig['backend'] } : {}),
    },
    seconds: Number(args.seconds),
    peerEvalSeconds: 0,
    validSample: 0,
    pin: !args['no-pin'],
    peerDevice: args['peer-device'],
    directory: join(directory, name),
  });
  const { heed, peer } = result;
  console.error(`heed: ${heed.command}\npeer: ${peer.command}`);
  rows.push([
    workload.description,
    heed.parameters.toLocaleString('en-US'),
    String(heed.updates),
    String(peer.updates),
    fixed(heed.tokensPerSecond, 0),
    fixed(peer.tokensPerSecond, 0),
    fixed(heed.tokensPerSecond / peer.tokensPerSecond, 2),
  ]);
}
console.log(
  `\ntrain-speed: heed-nmt train vs the PyTorch peer, same model and batches, ${args.seconds} s each, one thread each, heed on ${args.backend ?? 'its default backend'}, the peer on ${args['peer-device']}, ${new Date().toISOString()}\n`,
);
console.log(
  formatTable(
    ['workload', 'params', 'heed updates', 'peer updates', 'heed tok/s', 'PyTorch tok/s', 'ratio'],
    rows,
  ),
);
console.log(
  '\ntok/s: training target tokens per second over every update after the first (the peer counts training time only; heed, wall time between its first and last update).',
);
console.log(`run files: ${directory}`);
