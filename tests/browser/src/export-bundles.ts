import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BUNDLE_FILE, modelFromSpec, type TokenizerPair } from '@heed/models';
import { saveBundle } from '@heed/models/node';
import { WordTokenizer } from '@heed/tokenizers';
import { MemoryRunStorage, Trainer } from '@heed/train';
import {
  BUNDLE_BEAM,
  BUNDLE_SENTENCES,
  type BundleName,
  type BundleTranslations,
} from './bundle-scenario';

const SOURCE = [
  'the cat sleeps',
  'a dog sees the cat',
  'the bird sings',
  'a cat sees the bird',
  'the dog sleeps',
];
const TARGET = [
  'el gato duerme',
  'un perro ve el gato',
  'el pájaro canta',
  'un gato ve el pájaro',
  'el perro duerme',
];
/** Updates each model is trained for before export: enough to move it off its initial weights. */
const TRAINING_STEPS = 15;

/**
 * Trains a tiny additive-attention RnnSeq2Seq and a Transformer a few steps
 * on five sentence pairs and exports them with `saveBundle` (the Transformer
 * as float16) to `<directory>/<name>/model.safetensors`.
 * @returns Each bundle's file.
 */
export async function exportBundles(directory: string): Promise<Record<BundleName, string>> {
  const tokenizers: TokenizerPair = {
    source: WordTokenizer.train(SOURCE),
    target: WordTokenizer.train(TARGET),
  };
  const sizes = {
    sourceVocabSize: tokenizers.source.vocab.size,
    targetVocabSize: tokenizers.target.vocab.size,
  };
  const batches = [
    {
      source: tokenizers.source.encodeBatch(SOURCE, { addEos: true }),
      target: tokenizers.target.encodeBatch(TARGET, { addEos: true }),
    },
  ];
  const specs = {
    rnn: {
      arch: 'rnn',
      config: {
        ...sizes,
        encoder: { embeddingDim: 8, hiddenSize: 12, bidirectional: true },
        decoder: { embeddingDim: 8, hiddenSize: 12 },
        attention: { type: 'additive', units: 12 },
        seed: 21,
      },
    },
    'transformer-float16': {
      arch: 'transformer',
      config: {
        ...sizes,
        modelDim: 12,
        heads: 2,
        encoderLayers: 1,
        decoderLayers: 1,
        feedForwardDim: 24,
        dropout: 0,
        seed: 22,
      },
    },
  } as const;
  const files = {} as Record<BundleName, string>;
  for (const [name, spec] of Object.entries(specs) as [BundleName, (typeof specs)[BundleName]][]) {
    const model = modelFromSpec(spec);
    const trainer = new Trainer(model, {
      optimizer: { type: 'adam', learningRate: 0.02 },
      maxSteps: TRAINING_STEPS,
      seed: 5,
      storage: new MemoryRunStorage(),
      progress: 'none',
      handleInterrupts: false,
    });
    await trainer.fit(batches);
    trainer.dispose();
    files[name] = await saveBundle(join(directory, name, BUNDLE_FILE), model, tokenizers, {
      float16: name === 'transformer-float16',
    });
    model.dispose();
  }
  return files;
}

/**
 * What `heed-nmt translate --json` prints for `BUNDLE_SENTENCES` with the
 * bundle `file` on Node's cpu backend, greedy and with beam search: the best
 * hypothesis's tokens per sentence.
 */
export async function translateWithCli(cli: string, file: string): Promise<BundleTranslations> {
  const best = async (beam: number) => {
    const stdout = await run(process.execPath, [
      cli,
      'translate',
      '-c',
      file,
      '--backend',
      'cpu',
      '--beam',
      String(beam),
      '--json',
      ...BUNDLE_SENTENCES,
    ]);
    return stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          (JSON.parse(line) as { hypotheses: { tokens: string[] }[] }).hypotheses[0]?.tokens ?? [],
      );
  };
  const [greedy, beam] = await Promise.all([best(1), best(BUNDLE_BEAM)]);
  return { greedy, beam };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${[command, ...args].join(' ')} exited with ${code}:\n${stderr}`)),
    );
  });
}
