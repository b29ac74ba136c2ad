/**
 * One tiny real computation per package, written once and run both as ESM
 * (`import`) and CJS (`require`). `load(name)` is `await import(name)` or
 * `require(name)`; each snippet returns a value the test checks. Every
 * snippet that touches tensors loads `@tensorflow/tfjs` first (the user's
 * engine) and computes on its `cpu` backend.
 */
const tensorflow = `
  const tf = await load('@tensorflow/tfjs');
  await tf.setBackend('cpu');
`;

const tinyTransformer = `
  const { Transformer } = await load('@heed/transformer');
  const model = new Transformer({ sourceVocabSize: 9, targetVocabSize: 9, modelDim: 8, heads: 2,
    encoderLayers: 1, decoderLayers: 1, feedForwardDim: 8, dropout: 0, seed: 1 });
  const source = tf.tensor2d([[4, 5, 6], [7, 8, 0]], undefined, 'int32');
  const lengths = tf.tensor1d([3, 2], 'int32');
`;

export const smokeSnippets: Record<string, string> = {
  '@heed/core': `${tensorflow}
    const core = await load('@heed/core');
    const w = core.maskedSoftmax(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[1, 1, 0]]));
    // Under Node '@heed/core' is the Node build, the very module '@heed/core/node' names.
    const node = await load('@heed/core/node');
    const oneModule = node.initBackend === core.initBackend && typeof node.writeFileAtomically === 'function';
    return [...Array.from(w.dataSync()).map((x) => Math.round(x * 1000) / 1000), oneModule];
  `,
  '@heed/tokenizers': `
    const { WordTokenizer } = await load('@heed/tokenizers');
    const tokenizer = WordTokenizer.train(['¿Dónde está la estación?'], { minFrequency: 1 });
    return tokenizer.decode(tokenizer.encode('¿Dónde está la estación?'));
  `,
  '@heed/attention': `${tensorflow}
    const { createAttention } = await load('@heed/attention');
    const attention = createAttention({ type: 'additive', queryDim: 4, keyDim: 3, units: 5 });
    const keys = tf.randomNormal([2, 6, 3]);
    const memory = attention.prepare(keys, keys, undefined, tf.tensor1d([6, 2], 'int32'));
    const { weights } = attention.attend(tf.randomNormal([2, 1, 4]), memory);
    const rows = weights.arraySync().map((row) => row[0]);
    return rows.map((row) => [Math.round(row.reduce((a, b) => a + b) * 1e5) / 1e5, row.filter((x) => x === 0).length]);
  `,
  '@heed/rnn': `${tensorflow}
    const { RnnSeq2Seq } = await load('@heed/rnn');
    const model = new RnnSeq2Seq({ sourceVocabSize: 9, targetVocabSize: 7, seed: 1,
      encoder: { embeddingDim: 4, hiddenSize: 6 }, decoder: { embeddingDim: 4, hiddenSize: 6 } });
    const { logits } = model.forward(tf.tensor2d([[4, 5, 6]], undefined, 'int32'),
      tf.tensor1d([3], 'int32'), tf.tensor2d([[1, 4]], undefined, 'int32'));
    return logits.shape;
  `,
  '@heed/transformer': `${tensorflow}${tinyTransformer}
    return model.forward(source, lengths, tf.tensor2d([[1, 4], [1, 5]], undefined, 'int32')).logits.shape;
  `,
  '@heed/losses': `${tensorflow}
    const { maskedCrossEntropy } = await load('@heed/losses');
    const logits = tf.zeros([1, 2, 4]);
    const { loss, tokenCount } = maskedCrossEntropy(logits, tf.tensor2d([[3, 0]], undefined, 'int32'));
    return [Math.round(loss.dataSync()[0] * 1e4) / 1e4, tokenCount.dataSync()[0]];
  `,
  '@heed/decoding': `${tensorflow}${tinyTransformer}
    const { beamSearch } = await load('@heed/decoding');
    const { hypotheses } = await beamSearch(model, source, lengths, { beamSize: 3, maxLength: 4, nBest: 2 });
    return hypotheses.map((list) => list.length);
  `,
  '@heed/models': `${tensorflow}${tinyTransformer}
    const { WordTokenizer } = await load('@heed/tokenizers');
    const { decodeBundle, encodeBundle, translate } = await load('@heed/models');
    const words = WordTokenizer.train(['a b c d e']);
    const bundle = decodeBundle(await encodeBundle(model, { source: words, target: words }, { float16: true }));
    const [translation] = await translate(bundle.model, bundle.tokenizers, ['a b'], { beam: 2, nbest: 2, maxLength: 3 });
    const { loadBundle } = await load('@heed/models/node');
    return [bundle.dtype, translation.hypotheses.length, typeof loadBundle];
  `,
  '@heed/metrics': `
    const { corpusBleu } = await load('@heed/metrics');
    return Math.round(corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]).score * 1e6) / 1e6;
  `,
  '@heed/data': `
    const { loadBuiltinCorpus } = await load('@heed/data');
    const corpus = loadBuiltinCorpus('dates', { size: 3, seed: 1 });
    return corpus.pairs.length === 3 && corpus.pairs.every((pair) => /^\\d{4}-\\d{2}-\\d{2}$/.test(pair.target));
  `,
  '@heed/train': `${tensorflow}
    const { clipByGlobalNorm, Trainer } = await load('@heed/train');
    if (Trainer !== (await load('@heed/train/node')).Trainer) throw new Error('two Trainer builds under Node');
    const { clipped, norm } = clipByGlobalNorm([tf.tensor1d([3, 4])], 1);
    return [Math.round(norm.dataSync()[0] * 1e4) / 1e4, Array.from(clipped[0].dataSync()).map((x) => Math.round(x * 1e4) / 1e4)];
  `,
  '@heed/recipe': `
    const { createModel, modelSpec, resolveConfig } = await load('@heed/recipe');
    const config = resolveConfig({ arch: 'transformer', hidden: 16, heads: 2, layers: 1 });
    const spec = modelSpec(config, { sourceVocabSize: 9, targetVocabSize: 7 });
    const { recipeOption } = await load('@heed/recipe/cli');
    const { loadTranslationCheckpoint } = await load('@heed/recipe/node');
    return [spec.arch, spec.config.feedForwardDim, recipeOption('hidden').flags, typeof createModel, typeof loadTranslationCheckpoint];
  `,
  '@heed/viz': `
    const { renderAttentionSvg } = await load('@heed/viz');
    const svg = renderAttentionSvg({ sourceTokens: ['¿', 'Dónde'], targetTokens: ['Where'], weights: [[0.25, 0.75]] });
    const { renderReport } = await load('@heed/viz/node');
    return svg.startsWith('<svg') && svg.includes('Dónde') && typeof renderReport === 'function';
  `,
};

/** What each snippet must return. */
export const smokeExpected: Record<string, unknown> = {
  '@heed/core': [0.269, 0.731, 0, true],
  '@heed/tokenizers': '¿Dónde está la estación?',
  '@heed/attention': [
    [1, 0],
    [1, 4],
  ],
  '@heed/rnn': [1, 2, 7],
  '@heed/transformer': [2, 2, 9],
  '@heed/losses': [1.3863, 1],
  '@heed/decoding': [2, 2],
  '@heed/models': ['float16', 2, 'function'],
  '@heed/metrics': 100,
  '@heed/data': true,
  '@heed/train': [5, [0.6, 0.8]],
  '@heed/recipe': ['transformer', 64, '--hidden <n>', 'function', 'function'],
  '@heed/viz': true,
};
