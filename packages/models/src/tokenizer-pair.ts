import { HeedError } from '@heed/core';
import { type Tokenizer, tokenizerFromJSON } from '@heed/tokenizers';
import type { ModelSpec } from './model-spec';

/** A source and a target tokenizer: each language gets its own vocabulary. */
export interface TokenizerPair {
  source: Tokenizer;
  target: Tokenizer;
}

/** Both tokenizers as JSON (`tokenizer.toJSON()`), as checkpoints and bundles store them. */
export interface TokenizerPairJSON {
  source: unknown;
  target: unknown;
}

export function tokenizersToJSON(tokenizers: TokenizerPair): TokenizerPairJSON {
  return { source: tokenizers.source.toJSON(), target: tokenizers.target.toJSON() };
}

/**
 * Restores both tokenizers (word, char or BPE) from their JSON; an invalid
 * one throws a `HeedError` naming the side and the problem.
 */
export function tokenizersFromJSON(json: TokenizerPairJSON): TokenizerPair {
  if (typeof json !== 'object' || json === null) {
    throw new HeedError(
      `tokenizersFromJSON: expected { source, target } tokenizers. Received: ${json === null ? 'null' : typeof json}`,
    );
  }
  const restore = (side: 'source' | 'target'): Tokenizer => {
    if (json[side] === undefined) {
      throw new HeedError(`tokenizersFromJSON: the ${side} tokenizer is missing`);
    }
    try {
      return tokenizerFromJSON(json[side]);
    } catch (error) {
      throw new HeedError(
        `tokenizersFromJSON: invalid ${side} tokenizer (${(error as Error).message})`,
        { cause: error },
      );
    }
  };
  return { source: restore('source'), target: restore('target') };
}

/**
 * Checks that the model's vocabulary sizes are the tokenizers'; `where`
 * starts the message (a file, a URL, a function name).
 */
export function assertTokenizersFit(
  spec: ModelSpec,
  tokenizers: TokenizerPair,
  where: string,
): void {
  const source = tokenizers.source.vocab.size;
  const target = tokenizers.target.vocab.size;
  if (spec.config.sourceVocabSize !== source || spec.config.targetVocabSize !== target) {
    throw new HeedError(
      `${where}: the model's vocabularies (${spec.config.sourceVocabSize} source, ${spec.config.targetVocabSize} target) do not match its tokenizers (${source}, ${target})`,
    );
  }
}
