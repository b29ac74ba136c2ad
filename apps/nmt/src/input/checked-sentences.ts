import { CONTROL_CHARACTER, controlCharacterProblem } from '@heed/data';
import { assertReadableFile } from '@heed/recipe/node';
import { NmtError } from '../errors';
import { lineBatches, type NumberedLine } from './line-batches';

/** The error for an empty line of input. */
export function emptyLine(where: string, line: NumberedLine): NmtError {
  return new NmtError(`${where}:${line.line}: empty input line; give one sentence per line`);
}

/**
 * The sentences given as arguments, numbered, under the text policy: an
 * empty one or one with a control character is an error naming
 * `argument:<n>`, unless `replaceInvalid` replaces (and counts) such characters.
 */
export function checkedArguments(
  sentences: readonly string[],
  replaceInvalid: boolean,
): NumberedLine[] {
  return sentences.map((text, i) => {
    const line = { line: i + 1, text };
    if (text.trim() === '') throw emptyLine('argument', line);
    if (replaceInvalid) {
      const count = text.match(CONTROL_CHARACTER)?.length ?? 0;
      return { ...line, text: text.replace(CONTROL_CHARACTER, '\ufffd'), replaced: count };
    }
    const problem = controlCharacterProblem(text);
    if (problem) throw new NmtError(`argument:${i + 1}: ${problem}`);
    return line;
  });
}

/** Every line of `file`, checked (UTF-8, control characters, empty lines) before anything is translated. */
export async function readInputFile(
  file: string,
  replaceInvalid: boolean,
): Promise<NumberedLine[]> {
  await assertReadableFile(file);
  const lines: NumberedLine[] = [];
  for await (const batch of lineBatches(file, 1024, { replaceInvalid })) {
    for (const line of batch) {
      if (line.text.trim() === '') throw emptyLine(file, line);
      lines.push(line);
    }
  }
  return lines;
}
