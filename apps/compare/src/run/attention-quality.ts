import {
  type AlignedSentence,
  alignmentErrorRate,
  attentionAlignment,
  attentionEntropy,
} from '@heed/metrics';
import type { TranslationModel } from '@heed/models';
import { batchTensors, packBatch } from '@heed/train';
import * as tf from '@tensorflow/tfjs-core';
import type { GoldAlignment } from './date-alignments';
import type { AttentionQuality } from './model-result';

/**
 * The attention of `model` on each pair, teacher-forced on the reference
 * target: `maps[i][t][s]` for the pair's real target tokens (its EOS
 * included) and source tokens (EOS included), padding cut off. Decodes
 * `batchSize` pairs per forward pass and reads each batch's weights back
 * once. Null when the model returns no attention.
 */
export async function teacherForcedAttention(
  model: TranslationModel,
  source: readonly (readonly number[])[],
  target: readonly (readonly number[])[],
  batchSize: number,
): Promise<Float32Array[][] | null> {
  const maps: Float32Array[][] = [];
  for (let start = 0; start < source.length; start += batchSize) {
    const rows = {
      source: source.slice(start, start + batchSize),
      target: target.slice(start, start + batchSize),
    };
    const packed = packBatch('teacherForcedAttention', rows);
    const tensors = batchTensors(packed);
    const attention = tf.tidy(
      () => model.forward(tensors.source, tensors.sourceLengths, tensors.targetInput).attention,
    );
    tf.dispose(Object.values(tensors));
    if (!attention) return null;
    const weights = await attention.data(); // [b, T, S]
    attention.dispose();
    const [, T, S] = attention.shape;
    rows.source.forEach((sourceRow, row) => {
      const targetLength = (rows.target[row] as readonly number[]).length;
      maps.push(
        Array.from({ length: targetLength }, (_, t) => {
          const offset = (row * T + t) * S;
          return weights.slice(offset, offset + sourceRow.length) as Float32Array;
        }),
      );
    });
  }
  return maps;
}

/**
 * The sharpness of the maps (mean entropy per target token) and, where a
 * gold alignment is known for a sentence, the alignment error rate of each
 * aligned target token's most attended source token.
 */
export function attentionQuality(
  maps: readonly Float32Array[][],
  gold: readonly (GoldAlignment | undefined)[] | null,
): AttentionQuality {
  let alignment: AttentionQuality['alignment'] = null;
  if (gold) {
    const sentences: AlignedSentence[] = [];
    maps.forEach((map, i) => {
      const links = gold[i];
      if (!links) return;
      const targets = [...new Set(links.possible.map(([t]) => t))].filter((t) => t < map.length);
      sentences.push({ predicted: attentionAlignment(map, targets), ...links });
    });
    alignment = alignmentErrorRate(sentences);
  }
  return { sharpness: attentionEntropy(maps), alignment };
}
