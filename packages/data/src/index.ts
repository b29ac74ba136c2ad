export {
  type BuiltinCorpusName,
  type BuiltinCorpusOptions,
  builtinCorpusNames,
  loadBuiltinCorpus,
} from './corpora/builtin';
export type { Corpus, SentencePair } from './types';
