import { HeedError, type Seq2SeqModel } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { AttentionHistory } from './attention-history';
import { shouldCompact } from './compaction';
import type { DecodeResult } from './decode-result';
import { DecoderRows } from './decoder-rows';
import type { ResolvedDecodeOptions } from './options';

/** One token per row: `[rows]` int32 ids, their `[rows]` logits and each row's log-normaliser. */
export interface TokenChoice {
  tokens: tf.Tensor1D;
  logits: tf.Tensor1D;
  /** `[rows]`: log Σ exp(logits) over every column, the forbidden one too. */
  logNormaliser: tf.Tensor1D;
}

/**
 * Picks the next token of every row from `[rows, V]` logits, never the
 * `forbidden` column (EOS before the minimum length) when it is not null.
 * Runs inside a tidy.
 */
export type ChooseTokens = (logits: tf.Tensor2D, forbidden: number | null) => TokenChoice;

/**
 * The loop shared by greedy decoding and sampling: one `model.step` for the
 * whole batch per step, the choice made on the device, and one small read per
 * step (`[rows, 3]`: token, its logit, the row's log-normaliser) that decides
 * which sentences have ended. The token's log-prob, logit − logSumExp(logits),
 * is accumulated in float32 exactly as beam search accumulates it on the
 * device, so `beamSearch` with `beamSize: 1` reproduces greedy scores bit for
 * bit; no `[rows, V]` log-softmax is materialised.
 * Finished sentences are dropped from the batch once a quarter of the rows are
 * finished; the loop exits when every sentence has ended.
 */
export async function decodeStepwise(
  owner: string,
  model: Seq2SeqModel,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
  options: ResolvedDecodeOptions,
  choose: ChooseTokens,
): Promise<DecodeResult> {
  const { maxLength, minLength, returnAttention, bosId, eosId } = options;
  const b = source.shape[0];
  if (b === 0)
    return {
      tokens: [],
      scores: [],
      reachedEos: [],
      ...(returnAttention ? { attention: [] } : {}),
    };
  const tokens: number[][] = Array.from({ length: b }, () => []);
  const scores = new Array<number>(b).fill(0);
  const reachedEos = new Array<boolean>(b).fill(false);
  const done = new Array<boolean>(b).fill(false);
  const rowOfSentence: Int32Array[] = []; // per step, with attention: sentence → row
  let sentences = Array.from({ length: b }, (_, i) => i); // row → sentence
  let rowMap = rowsBySentence(sentences, b);
  const history = returnAttention ? new AttentionHistory() : undefined;
  const rows = DecoderRows.encode(model, source, sourceLengths);
  let previous = tf.fill([b], bosId, 'int32') as tf.Tensor1D;
  try {
    for (let step = 0; step < maxLength; step++) {
      const { next, packed, attention } = rows.step(previous, (result) => {
        if (returnAttention && !result.attention) throw missingAttention(owner);
        const choice = choose(result.logits, step < minLength ? eosId : null);
        return {
          next: choice.tokens,
          packed: tf.stack(
            [tf.cast(choice.tokens, 'float32'), choice.logits, choice.logNormaliser],
            1,
          ), // [rows, 3]
          attention: returnAttention ? result.attention : undefined,
        };
      });
      previous.dispose();
      previous = next;
      if (history && attention) {
        history.push(attention);
        rowOfSentence.push(rowMap);
      }
      const values = await packed.data();
      packed.dispose();
      const keep: number[] = [];
      sentences.forEach((sentence, row) => {
        if (done[sentence]) return;
        const token = values[3 * row] ?? eosId;
        const offset = Math.fround((scores[sentence] ?? 0) - (values[3 * row + 2] ?? 0));
        scores[sentence] = Math.fround((values[3 * row + 1] ?? 0) + offset);
        if (token === eosId) reachedEos[sentence] = true;
        else tokens[sentence]?.push(token);
        if (token === eosId || step === maxLength - 1) done[sentence] = true;
        else keep.push(row);
      });
      if (keep.length === 0) break;
      if (shouldCompact(sentences.length, keep.length)) {
        const kept = Int32Array.from(keep);
        rows.reorder(kept, true);
        const compacted = tf.tidy(() =>
          tf.gather(previous, tf.tensor1d(kept, 'int32')),
        ) as tf.Tensor1D;
        previous.dispose();
        previous = compacted;
        sentences = keep.map((row) => sentences[row] ?? 0);
        rowMap = rowsBySentence(sentences, b);
      }
    }
    if (!history) return { tokens, scores, reachedEos };
    await history.read();
    const attention = tokens.map((sentenceTokens, sentence) => {
      const steps = sentenceTokens.length + (reachedEos[sentence] ? 1 : 0);
      return Array.from({ length: steps }, (_, step) =>
        history.row(step, rowOfSentence[step]?.[sentence] ?? 0),
      );
    });
    return { tokens, scores, reachedEos, attention };
  } finally {
    rows.dispose();
    previous.dispose();
    history?.dispose();
  }
}

/** `[b]`: the row of each sentence (−1 when dropped). */
function rowsBySentence(sentences: readonly number[], b: number): Int32Array {
  const map = new Int32Array(b).fill(-1);
  sentences.forEach((sentence, row) => {
    map[sentence] = row;
  });
  return map;
}

export function missingAttention(owner: string): HeedError {
  return new HeedError(
    `${owner}: the model's step returned no attention, which returnAttention and coveragePenalty need`,
  );
}
