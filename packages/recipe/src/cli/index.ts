// @heed/recipe/cli: the recipe's command-line flags (commander), for every
// tool that sets recipe fields from its command line.
export {
  addConfigOptions,
  BACKEND_OPTIONS,
  type ConfigOption,
  configFromFlags,
  DATA_OPTIONS,
  recipeOption,
  TRAIN_OPTIONS,
} from './config-options';
export {
  collect,
  duration,
  finiteNumber,
  integer,
  nonNegativeInteger,
  nonNegativeNumber,
  oneOf,
  positiveInteger,
  positiveNumber,
  updatesOrDuration,
} from './parse';
