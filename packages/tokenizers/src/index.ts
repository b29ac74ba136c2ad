export type { EncodeBatchOptions, EncodedBatch } from './batch';
export { BYTE_TOKENS } from './bpe/byte-fallback';
export { WORD_BOUNDARY } from './bpe/pre-tokenize';
export {
  BpeTokenizer,
  type BpeTokenizerJSON,
  type BpeTokenizerOptions,
  type BpeTrainOptions,
} from './bpe-tokenizer';
export {
  CharTokenizer,
  type CharTokenizerJSON,
  type CharTokenizerOptions,
  type CharTrainOptions,
} from './char-tokenizer';
export { JOINER, joinMarked, joinWords, markJoins, spacesBefore } from './detokenizer';
export { TokenizerError } from './errors';
export { tokenizerFromJSON } from './from-json';
export {
  collapseWhitespace,
  createNormalizer,
  DEFAULT_NORMALIZER_STEPS,
  NORMALIZER_STEPS,
  type Normalizer,
  type NormalizerStep,
  replaceDigits,
  separatePunctuation,
  splitDigits,
  stripAccents,
} from './normalizers';
export { splitWords, splitWordsSpaced } from './pre-tokenizer';
export { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID } from './special-tokens';
export {
  BaseTokenizer,
  type DecodeOptions,
  type EncodeOptions,
  TOKENIZER_FORMAT,
  TOKENIZER_FORMAT_VERSION,
  type Tokenizer,
  type TokenizerJSONBase,
  type TokenizerKind,
} from './tokenizer';
export { graphemes } from './unicode';
export {
  VOCAB_FORMAT,
  VOCAB_FORMAT_VERSION,
  Vocab,
  type VocabJSON,
  type VocabOptions,
} from './vocab';
export {
  WordTokenizer,
  type WordTokenizerJSON,
  type WordTokenizerOptions,
  type WordTrainOptions,
} from './word-tokenizer';
