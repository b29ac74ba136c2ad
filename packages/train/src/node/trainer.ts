import type { Seq2SeqModel } from '@heed/core';
import { Trainer as PageTrainer } from '../trainer';
import type { TrainerHost } from '../trainer-host';
import type { TrainerOptions } from '../trainer-options';
import { NODE_HOST } from './node-host';

/**
 * `Trainer` under Node: a run directory (`runDirectory`, default
 * `runs/<start time>-seed<seed>`) with `metrics.jsonl`, `last/` and `best/`,
 * progress on `process.stderr` (a bar on a TTY), and SIGINT/SIGTERM turned
 * into "save a checkpoint and return".
 */
export class Trainer extends PageTrainer {
  constructor(model: Seq2SeqModel, options: TrainerOptions, host: TrainerHost = NODE_HOST) {
    super(model, options, host);
  }
}
