import { TokenizerError } from './errors';
import { formatValue } from './validation';

/** Calls `visit` for each text of a corpus, throwing (with the index) for a non-string. */
export function forEachText(
  owner: string,
  texts: Iterable<string>,
  visit: (text: string) => void,
): void {
  if (texts === null || typeof texts !== 'object' || !(Symbol.iterator in texts)) {
    throw new TokenizerError(
      `${owner}: texts must be an iterable of strings. Received: ${formatValue(texts)}`,
    );
  }
  let index = 0;
  for (const text of texts) {
    if (typeof text !== 'string') {
      throw new TokenizerError(
        `${owner}: texts[${index}] must be a string. Received: ${formatValue(text)}`,
      );
    }
    visit(text);
    index++;
  }
}

/** Counts the tokens of a corpus in first-seen order (a `Map`, so any spelling is an ordinary key). */
export function countTokens(
  owner: string,
  texts: Iterable<string>,
  split: (text: string) => Iterable<string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  forEachText(owner, texts, (text) => {
    for (const token of split(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  });
  return counts;
}
