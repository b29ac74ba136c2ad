import {
  assertBoolean,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  assertPositiveNumber,
  HeedError,
  invalidArgument,
  type Seq2SeqModel,
  topLogits,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { AttentionHistory } from './attention-history';
import {
  type AliveBeam,
  type BeamSelection,
  type FinishedBeam,
  type SentenceFinished,
  selectKeepingSlots,
  selectRefilling,
} from './beam-candidates';
import { BeamLayout } from './beam-layout';
import { pruneSelection } from './beam-pruning';
import { missingAttention } from './decode-stepwise';
import { DecoderRows } from './decoder-rows';
import {
  EARLY_STOPPING_RULES,
  type EarlyStopping,
  reachableFloor,
  sentenceDone,
} from './early-stopping';
import { DECODE_OPTION_KEYS, type DecodeOptions, resolveDecodeOptions } from './options';
import { type Hypothesis, rankHypotheses } from './rank-hypotheses';

const OWNER = 'beamSearch';

/** Options of `beamSearch`. */
export interface BeamSearchOptions extends DecodeOptions {
  /** k: hypotheses kept alive per sentence. Defaults to 5. */
  beamSize?: number;
  /** α of the GNMT length penalty `((5 + |Y|) / 6)^α`; 0 ranks by raw log-prob. Defaults to 0. */
  lengthPenalty?: number;
  /** β of the GNMT coverage penalty (needs the model's attention); 0 turns it off. Defaults to 0. */
  coveragePenalty?: number;
  /** Hypotheses returned per sentence, best first; at most `beamSize`. Defaults to 1. */
  nBest?: number;
  /**
   * When a sentence stops before `maxLength`: `'bound'` once no alive
   * hypothesis can beat the `nBest`-th best finished one under the length
   * penalty (the n-best can no longer change),
   * `'k-finished'` once k have finished (fairseq), `'never'` only when none
   * is alive. Defaults to `'bound'`.
   */
  earlyStopping?: EarlyStopping;
  /**
   * Relative threshold pruning (Freitag & Al-Onaizan 2017): after each step,
   * an alive hypothesis whose log-prob trails its sentence's best alive one by
   * more than this is dropped, and its decoder row with it. An approximation
   * that trades search for speed; Infinity keeps every hypothesis (exact
   * k-best search). Defaults to Infinity.
   */
  pruneMargin?: number;
  /**
   * Whether a finished hypothesis gives its slot back, the alive set being
   * refilled to k (true, fairseq), or keeps it, the alive set shrinking
   * (false, TF Addons `BeamSearchDecoder`). Defaults to true.
   */
  refill?: boolean;
}

/** What `beamSearch` returns. */
export interface BeamSearchResult {
  /** `[sentence][rank]`: up to `nBest` hypotheses per sentence, best first. */
  hypotheses: Hypothesis[][];
}

const KNOWN_OPTIONS = [
  ...DECODE_OPTION_KEYS,
  'beamSize',
  'lengthPenalty',
  'coveragePenalty',
  'nBest',
  'earlyStopping',
  'refill',
  'pruneMargin',
];

/**
 * Batched beam search (fairseq / OpenNMT): one `model.step` per step for all
 * beams of all sentences. Each step scores every alive beam's expansions
 * (cumulative log-prob), takes each sentence's best 2k candidates with
 * `topLogits` and `tf.topk` on the device, and reads back only those (`[sentences, 2k, 3]`).
 * Candidates ending in EOS among the best k are set aside as finished (as in
 * fairseq) and the alive set is refilled to k from the best non-EOS
 * candidates, or, with `refill: false`, finished hypotheses keep their slots
 * (TF Addons). At `maxLength` the best k candidates finish with or without
 * EOS. A sentence ends as `earlyStopping` says (or at `maxLength`); the
 * n-best are the best of everything that finished, ranked by
 * `logP / ((5+|Y|)/6)^α + cp`, |Y| counting the EOS.
 *
 * Only alive hypotheses cost a decoder row (`BeamLayout`): a sentence starts
 * on one row, an empty beam has none, a finished sentence leaves the batch,
 * and under `'bound'` (refilled slots, no coverage penalty) a hypothesis that
 * can no longer enter the n-best gives its row up at once — none of which
 * changes the result. `pruneMargin` drops more, approximately. States follow
 * their beams through `model.reorder`; the encoded source rows move with them
 * when a sentence's row count changes.
 *
 * @param source `[b, S]` int32 ids.
 * @param sourceLengths `[b]` int32.
 */
export async function beamSearch(
  model: Seq2SeqModel,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
  options: BeamSearchOptions = {},
): Promise<BeamSearchResult> {
  assertKnownKeys(OWNER, options, KNOWN_OPTIONS);
  const { maxLength, minLength, returnAttention, bosId, eosId } = resolveDecodeOptions(
    OWNER,
    model,
    source,
    sourceLengths,
    options,
  );
  const k = assertPositiveInteger(OWNER, 'beamSize', options.beamSize ?? 5);
  const alpha = nonNegative('lengthPenalty', options.lengthPenalty ?? 0);
  const beta = nonNegative('coveragePenalty', options.coveragePenalty ?? 0);
  const nBest = assertPositiveInteger(OWNER, 'nBest', options.nBest ?? 1);
  if (nBest > k) {
    throw new HeedError(
      `${OWNER}: nBest must be at most beamSize. Received: nBest=${nBest}, beamSize=${k}`,
    );
  }
  const rule = assertOneOf(OWNER, 'earlyStopping', options.earlyStopping ?? 'bound', [
    ...EARLY_STOPPING_RULES,
  ]);
  const refill = assertBoolean(OWNER, 'refill', options.refill ?? true);
  const margin = assertPositiveNumber(
    OWNER,
    'pruneMargin',
    options.pruneMargin ?? Number.POSITIVE_INFINITY,
  );
  const b = source.shape[0];
  if (b === 0) return { hypotheses: [] };
  const V = model.targetVocabSize;
  const candidates = Math.min(2 * k, k * V);
  const perRow = Math.min(2 * k, V); // a sentence's best candidates can all continue one beam
  const needAttention = returnAttention || beta > 0;
  // fairseq keeps the first k finished; every other rule ranks all that finished.
  const limit = rule === 'k-finished' && refill ? k : Number.POSITIVE_INFINITY;
  const finished: SentenceFinished[] = Array.from({ length: b }, () => ({ all: [], limit }));
  const held: FinishedBeam[][] = Array.from({ length: b }, () => []); // refill: false
  // Dropping hypotheses below the bound changes no result only with refilled slots and final scores.
  const floorDropsRows = rule === 'bound' && refill && beta === 0;
  let slots = Array.from({ length: b }, (_, i) => i); // slot → sentence
  // Each sentence starts with one alive hypothesis, the empty one, on one row.
  let alive: AliveBeam[][] = slots.map(() => [{ node: undefined, score: 0 }]);
  let layout = new BeamLayout(slots.map(() => 1));
  const history = needAttention ? new AttentionHistory() : undefined;
  const rows = DecoderRows.encode(model, source, sourceLengths);
  let previous = tf.fill([b], bosId, 'int32') as tf.Tensor1D; // [rows]
  let scores = tf.zeros([b]) as tf.Tensor1D; // [rows]: each row's cumulative log-prob
  try {
    for (let step = 0; step < maxLength; step++) {
      const a = slots.length;
      const blocks = layout.padded(k); // [a·k]: each slot's rows, then the padding row
      const { packed, attention } = rows.step(previous, (result) => {
        if (needAttention && !result.attention) throw missingAttention(OWNER);
        // Each beam's best continuations, then the sentence's best of those: the same
        // candidates as a top-2k over all k·V, without a [rows, V] log-softmax.
        const best = topLogits(result.logits, perRow, step < minLength ? eosId : null);
        // Cumulative log-probs logit + (score − logNormaliser), [rows, perRow].
        const total = tf.add(best.values, tf.expandDims(tf.sub(scores, best.logNormaliser), 1));
        // One block of k rows per sentence, −∞ where it has fewer alive beams: [a, k·perRow].
        const index = tf.tensor1d(blocks, 'int32');
        const padding = tf.fill([1, perRow], Number.NEGATIVE_INFINITY);
        const flat = [a, k * perRow];
        const blockTotal = tf.reshape(tf.gather(tf.concat([total, padding]), index), flat);
        const blockTokens = tf.reshape(
          tf.gather(tf.concat([best.indices, tf.zeros([1, perRow], 'int32')]), index),
          flat,
        );
        const { values, indices } = tf.topk(blockTotal, candidates); // [a, 2k]
        const beam = tf.floorDiv(indices, tf.scalar(perRow, 'int32')); // [a, 2k] int32
        const token = tf.gather(blockTokens, indices, 1, 1); // [a, 2k] int32
        return {
          packed: tf.stack([values, tf.cast(beam, 'float32'), tf.cast(token, 'float32')], 2), // [a, 2k, 3]
          attention: needAttention ? result.attention : undefined,
        };
      });
      if (history && attention) history.push(attention);
      const values = await packed.data();
      packed.dispose();
      const last = step === maxLength - 1;
      const next = slots.map((sentence, slot): BeamSelection | undefined => {
        const ended = finished[sentence] as SentenceFinished;
        const slotsHeld = held[sentence] as FinishedBeam[];
        const context = {
          values,
          slot,
          firstRow: layout.offset(slot),
          candidates,
          beamSize: k,
          eosId,
          step,
          last,
          alive: alive[slot] ?? [],
          lengthPenalty: alpha,
        };
        const selection = refill
          ? selectRefilling(context, ended)
          : selectKeepingSlots(context, ended, slotsHeld);
        const progress = {
          rule,
          last,
          finished: ended.all,
          finishedCount: refill ? ended.all.length : slotsHeld.length,
          alive: selection.beams,
          beamSize: k,
          nBest,
          maxLength,
          lengthPenalty: alpha,
          scoresFinal: beta === 0,
        };
        if (sentenceDone(progress)) return undefined;
        const floor = floorDropsRows ? reachableFloor(progress) : Number.NEGATIVE_INFINITY;
        return pruneSelection(selection, { floor, margin });
      });
      const keptSlots = slots.flatMap((_, slot) => (next[slot] ? [slot] : []));
      if (keptSlots.length === 0) break;
      const kept = keptSlots.map((slot) => next[slot] as BeamSelection);
      const nextLayout = new BeamLayout(kept.map((selection) => selection.beams.length));
      const sourceRows = Int32Array.from(kept.flatMap((selection) => selection.rows));
      // Rows keep their sentence while every sentence keeps its row count; otherwise
      // the encoded source rows move with them.
      const relayout = !nextLayout.sameCounts(layout);
      if (relayout || sourceRows.some((row, index) => row !== index)) {
        rows.reorder(sourceRows, relayout);
      }
      layout = nextLayout;
      alive = kept.map((selection) => selection.beams);
      slots = keptSlots.map((slot) => slots[slot] ?? 0);
      previous.dispose();
      previous = tf.tensor1d(
        kept.flatMap((selection) => selection.tokens),
        'int32',
      );
      scores.dispose();
      scores = tf.tensor1d(kept.flatMap((selection) => selection.beams.map((beam) => beam.score)));
    }
    await history?.read();
    const lengths = beta > 0 ? await sourceLengths.data() : undefined;
    const hypotheses = finished.map((list, sentence) =>
      rankHypotheses(list.all, {
        coveragePenalty: beta,
        sourceLength: lengths?.[sentence] ?? 0,
        history,
        returnAttention,
        nBest,
      }),
    );
    return { hypotheses };
  } finally {
    rows.dispose();
    previous.dispose();
    scores.dispose();
    history?.dispose();
  }
}

function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(OWNER, field, 'must be a non-negative number', value);
  }
  return value;
}
