import { describe, expect, it } from 'vitest';
import { tinySpecs, tinyTokenizers } from '../test/tiny-models';
import { assertTokenizersFit, tokenizersFromJSON, tokenizersToJSON } from './tokenizer-pair';

describe('tokenizersToJSON / tokenizersFromJSON', () => {
  it('restores both tokenizers through JSON text', () => {
    const tokenizers = tinyTokenizers();
    const restored = tokenizersFromJSON(JSON.parse(JSON.stringify(tokenizersToJSON(tokenizers))));
    for (const side of ['source', 'target'] as const) {
      expect(restored[side].toJSON()).toEqual(tokenizers[side].toJSON());
      expect(restored[side].encode('the cat sees a dog')).toEqual(
        tokenizers[side].encode('the cat sees a dog'),
      );
    }
  });

  it('names the side that is missing or invalid', () => {
    const { source } = tokenizersToJSON(tinyTokenizers());
    expect(() => tokenizersFromJSON({ source, target: undefined })).toThrow(
      'tokenizersFromJSON: the target tokenizer is missing',
    );
    expect(() => tokenizersFromJSON({ source: { kind: 'sentencepiece' }, target: source })).toThrow(
      /^tokenizersFromJSON: invalid source tokenizer \(.*kind must be one of/,
    );
  });

  it('checks that a model fits its tokenizers', () => {
    const tokenizers = tinyTokenizers();
    const { rnn } = tinySpecs(tokenizers);
    expect(() => assertTokenizersFit(rnn, tokenizers, 'here')).not.toThrow();
    const wider = { ...rnn, config: { ...rnn.config, targetVocabSize: 99 } };
    expect(() => assertTokenizersFit(wider, tokenizers, 'model.safetensors')).toThrow(
      `model.safetensors: the model's vocabularies (${tokenizers.source.vocab.size} source, 99 target) do not match its tokenizers (${tokenizers.source.vocab.size}, ${tokenizers.target.vocab.size})`,
    );
  });
});
