/**
 * One tiny real computation per package, written once and run both as ESM
 * (`import`) and CJS (`require`). `load(name)` is `await import(name)` or
 * `require(name)`; each snippet returns a value the test checks.
 */
export const smokeSnippets: Record<string, string> = {
  '@heed/core': `
    const tf = await load('@tensorflow/tfjs');
    const core = await load('@heed/core');
    const w = core.maskedSoftmax(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[1, 1, 0]]));
    return Array.from(w.dataSync()).map((x) => Math.round(x * 1000) / 1000);
  `,
};

/** What each snippet must return. */
export const smokeExpected: Record<string, unknown> = {
  '@heed/core': [0.269, 0.731, 0],
};
