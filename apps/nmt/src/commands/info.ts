import {
  BACKEND_NAMES,
  type BackendName,
  CONFIG_KEYS,
  describeDropped,
  describeOov,
} from '@heed/recipe';
import { oneOf } from '@heed/recipe/cli';
import { loadTranslationCheckpoint, selectBackend } from '@heed/recipe/node';
import type { TrainingState } from '@heed/train';
import type { Command } from 'commander';
import { type CommandOutput, fixed, formatTable } from '../cli/output';
import {
  type EvaluationEntry,
  readTrainingHistory,
  type TrainingHistory,
} from '../history/training-history';

interface InfoFlags {
  json?: boolean;
  backend?: BackendName;
}

/** The best validation loss: the run's log knows the final evaluation heed-nmt adds, the checkpoint's state may not. */
function describeBest(best: TrainingState['best'], history: TrainingHistory | undefined): string {
  const logged = history?.evaluations.reduce<EvaluationEntry | undefined>(
    (lowest, entry) => (lowest === undefined || entry.loss < lowest.loss ? entry : lowest),
    undefined,
  );
  if (logged && (!best || (best.metric === 'loss' && logged.loss <= best.value))) {
    return `loss ${fixed(logged.loss, 4)} at step ${logged.step}`;
  }
  return best ? `${best.metric} ${fixed(best.value, 4)} at step ${best.step}` : 'none';
}

/** Evaluations listed by `info` (the latest ones). */
const SHOWN_EVALUATIONS = 20;

/** `heed-nmt info <checkpoint>`: config, parameter count, vocabularies and training history. */
export function registerInfo(program: Command, output: CommandOutput): void {
  program
    .command('info')
    .summary("print a checkpoint's config, size, vocabularies and training history")
    .description(
      "Print what a checkpoint holds: the run's config, the model's parameter count, the vocabulary sizes, the training state (steps, tokens, time, best validation result) and, for a run directory, the evaluations logged in its metrics.jsonl.",
    )
    .argument(
      '<checkpoint>',
      'a checkpoint directory, a run directory (its best/, else last/), or an inference bundle',
    )
    .option('--json', 'print everything as one JSON object')
    .option(
      '--backend <name>',
      `TF.js backend used to load the weights: ${BACKEND_NAMES.join('|')} (default: cpu)`,
      oneOf(BACKEND_NAMES),
    )
    .action(async (path: string, flags: InfoFlags) => {
      await selectBackend(flags.backend ?? 'cpu');
      const loaded = await loadTranslationCheckpoint(path);
      try {
        const { config, spec } = loaded.record;
        const history = loaded.runDirectory
          ? await readTrainingHistory(loaded.runDirectory)
          : undefined;
        const info = {
          checkpoint: loaded.directory,
          runDirectory: loaded.runDirectory ?? null,
          arch: spec.arch,
          parameters: loaded.model.parameterCount(),
          vocabulary: {
            source: loaded.tokenizers.source.vocab.size,
            target: loaded.tokenizers.target.vocab.size,
            tokenizer: loaded.tokenizers.source.kind,
          },
          config,
          model: spec.config,
          training: loaded.training ?? null,
          history: history ?? null,
        };
        if (flags.json) {
          output.stdout.write(`${JSON.stringify(info)}\n`);
          return;
        }
        const lines = [
          `checkpoint   ${info.checkpoint}`,
          `architecture ${spec.arch}, ${info.parameters.toLocaleString('en-US')} parameters`,
          `vocabulary   ${info.vocabulary.source} source, ${info.vocabulary.target} target (${info.vocabulary.tokenizer})`,
          '',
          'config',
          ...CONFIG_KEYS.filter((key) => config[key] !== undefined).map(
            (key) => `  ${key.padEnd(15)}${String(config[key])}`,
          ),
        ];
        if (history?.data) {
          const { data } = history;
          lines.push(
            '',
            'data',
            `  source         ${data.source}`,
            `  pairs          ${data.train} train, ${data.valid} valid, ${data.test} test`,
            `  dropped        ${data.dropped}${data.dropped > 0 ? ` (${describeDropped(data.droppedBy, data)})` : ''}`,
            ...(data.oov
              ? [
                  `  OOV source     ${describeOov(data.oov.source)} (held out)`,
                  `  OOV target     ${describeOov(data.oov.target)} (held out)`,
                ]
              : []),
          );
        }
        const training = loaded.training;
        if (training) {
          lines.push(
            '',
            'training',
            `  steps          ${training.step}`,
            `  position       epoch ${training.position.epoch + 1}, batch ${training.position.batch}`,
            `  tokens         ${training.tokens.toLocaleString('en-US')}`,
            `  time           ${fixed(training.seconds, 1)} s`,
            `  learning rate  ${training.learningRate}`,
            `  best           ${describeBest(training.best, history)}`,
          );
        }
        if (history) {
          lines.push(
            `  sessions       ${history.sessions}${history.stopReason ? ` (last stopped: ${history.stopReason})` : ''}`,
            ...(history.recentLoss === undefined
              ? []
              : [`  recent loss    ${fixed(history.recentLoss, 4)}`]),
          );
          if (history.evaluations.length > 0) {
            const shown = history.evaluations.slice(-SHOWN_EVALUATIONS);
            const earlier = history.evaluations.length - shown.length;
            lines.push(
              '',
              `evaluations${earlier > 0 ? ` (latest ${shown.length} of ${history.evaluations.length})` : ''}`,
              formatTable(
                ['step', 'loss', 'perplexity', 'BLEU', 'chrF'],
                shown.map((entry) => [
                  String(entry.step),
                  fixed(entry.loss, 4),
                  fixed(entry.perplexity),
                  entry.bleu === undefined ? '-' : fixed(entry.bleu),
                  entry.chrf === undefined ? '-' : fixed(entry.chrf),
                ]),
              ),
            );
          }
        }
        output.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        loaded.model.dispose();
      }
    });
}
