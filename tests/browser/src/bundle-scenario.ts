import { type BackendName, initBackend } from '@heed/core';
import { fetchBundle, translate } from '@heed/models';
import * as tf from '@tensorflow/tfjs-core';

/** The bundles the test exports, each served at `/bundles/<name>/model.safetensors`. */
export const BUNDLE_NAMES = ['rnn', 'transformer-float16'] as const;
export type BundleName = (typeof BUNDLE_NAMES)[number];

/** What the page and `heed-nmt translate` both translate. */
export const BUNDLE_SENTENCES = ['the cat sleeps', 'a dog sees the cat', 'the bird'];
/** Beam width of the second decoding (the first is greedy). */
export const BUNDLE_BEAM = 3;

/** The best hypothesis's tokens per sentence, greedy and with beam search. */
export interface BundleTranslations {
  greedy: string[][];
  beam: string[][];
}

/** Everything the page measured with the bundles on one backend. */
export interface BundleScenarioResult {
  backend: string;
  translations: Record<BundleName, BundleTranslations>;
  /** Tensors alive after the scenario minus before it (0: nothing leaked). */
  leakedTensors: number;
}

/**
 * Loads each exported bundle from its URL with `fetchBundle` on `backend` and
 * translates `BUNDLE_SENTENCES` greedily and with beam search, as a page
 * that ships a heed model does.
 */
export async function runBundleScenario(backend: BackendName): Promise<BundleScenarioResult> {
  const report = await initBackend(backend);
  const before = tf.memory().numTensors;
  const translations = {} as Record<BundleName, BundleTranslations>;
  for (const name of BUNDLE_NAMES) {
    const { model, tokenizers } = await fetchBundle(`/bundles/${name}/model.safetensors`);
    const best = async (beam: number) =>
      (await translate(model, tokenizers, BUNDLE_SENTENCES, { beam })).map(
        (translation) => translation.hypotheses[0]?.tokens ?? [],
      );
    translations[name] = { greedy: await best(1), beam: await best(BUNDLE_BEAM) };
    model.dispose();
  }
  return { backend: report.name, translations, leakedTensors: tf.memory().numTensors - before };
}
