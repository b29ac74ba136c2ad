// heed-nmt's own pieces. The recipe it trains with (config, data, model,
// trainer options, checkpoints) is `@heed/recipe`.
export { createProgram } from './cli/program';
export { runCli } from './cli/run-cli';
export { NmtError } from './errors';
export {
  type EvaluateTranslationsOptions,
  type EvaluationReport,
  evaluateTranslations,
} from './evaluation/evaluate-translations';
export {
  type EvaluationEntry,
  readTrainingHistory,
  type TrainingHistory,
} from './history/training-history';
export {
  type HeatmapFormat,
  type WriteHeatmapsOptions,
  writeHeatmaps,
} from './visualization/heatmaps';
