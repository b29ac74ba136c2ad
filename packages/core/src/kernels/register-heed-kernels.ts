import * as tf from '@tensorflow/tfjs-core';
import { ADAM_STEP } from './adam-step/adam-step';
import { adamStepForward } from './adam-step/adam-step-kernel';
import { BAHDANAU_DECODE } from './bahdanau/bahdanau-decode';
import {
  BAHDANAU_DECODE_GRAD,
  bahdanauBackward,
  bahdanauForward,
  bahdanauGradient,
} from './bahdanau/bahdanau-kernel';
import { CELL_STEP } from './cell-step/cell-step';
import {
  CELL_STEP_GRAD,
  cellStepBackward,
  cellStepForward,
  cellStepGradient,
} from './cell-step/cell-step-kernel';
import { EMBEDDING_LOOKUP } from './embedding-lookup/embedding-lookup';
import {
  EMBEDDING_LOOKUP_GRAD,
  embeddingLookupBackward,
  embeddingLookupForward,
  embeddingLookupGradient,
} from './embedding-lookup/embedding-lookup-kernel';
import { type HostKernel, registerHostKernel } from './kernel-host';
import { RECURRENCE } from './recurrence/recurrence';
import {
  RECURRENCE_GRAD,
  recurrenceBackward,
  recurrenceForward,
  recurrenceGradient,
} from './recurrence/recurrence-kernel';
import {
  SOFTMAX_CROSS_ENTROPY,
  SOFTMAX_CROSS_ENTROPY_GRAD,
} from './softmax-cross-entropy/softmax-cross-entropy';
import {
  softmaxCrossEntropyBackward,
  softmaxCrossEntropyForward,
  softmaxCrossEntropyGradient,
} from './softmax-cross-entropy/softmax-cross-entropy-kernel';
import { TOP_LOGITS } from './top-logits/top-logits';
import { topLogitsForward } from './top-logits/top-logits-kernel';

/** Every heed kernel: name, forward, gradient kernel, gradient. */
const KERNELS: [string, HostKernel, string, HostKernel, tf.GradConfig][] = [
  [RECURRENCE, recurrenceForward, RECURRENCE_GRAD, recurrenceBackward, recurrenceGradient],
  [CELL_STEP, cellStepForward, CELL_STEP_GRAD, cellStepBackward, cellStepGradient],
  [
    EMBEDDING_LOOKUP,
    embeddingLookupForward,
    EMBEDDING_LOOKUP_GRAD,
    embeddingLookupBackward,
    embeddingLookupGradient,
  ],
  [BAHDANAU_DECODE, bahdanauForward, BAHDANAU_DECODE_GRAD, bahdanauBackward, bahdanauGradient],
  [
    SOFTMAX_CROSS_ENTROPY,
    softmaxCrossEntropyForward,
    SOFTMAX_CROSS_ENTROPY_GRAD,
    softmaxCrossEntropyBackward,
    softmaxCrossEntropyGradient,
  ],
];

/** heed's kernels that are never differentiated (an optimiser update, a decoder's choice): name, kernel. */
const UNDIFFERENTIATED_KERNELS: [string, HostKernel][] = [
  [ADAM_STEP, adamStepForward],
  [TOP_LOGITS, topLogitsForward],
];

/** The names of heed's forward kernels. */
export const HEED_KERNEL_NAMES: readonly string[] = [
  ...KERNELS.map(([name]) => name),
  ...UNDIFFERENTIATED_KERNELS.map(([name]) => name),
];

/**
 * Registers heed's kernels (`HeedRecurrence`, `HeedCellStep`,
 * `HeedEmbeddingLookup`, `HeedBahdanauDecode`, `HeedSoftmaxCrossEntropy`,
 * their gradient kernels and gradients, `HeedAdamStep` and `HeedTopLogits`)
 * for the cpu and wasm backends. `initBackend` calls it; call it
 * yourself when you set a backend up without `initBackend`. Calling it again
 * does nothing. On any other backend heed's ops run their TF.js composites.
 */
export function registerHeedKernels(): void {
  for (const [name, forward, gradName, backward, gradient] of KERNELS) {
    registerHostKernel(name, forward);
    registerHostKernel(gradName, backward);
    if (!tf.getGradient(name)) tf.registerGradient(gradient);
  }
  for (const [name, kernel] of UNDIFFERENTIATED_KERNELS) registerHostKernel(name, kernel);
}
