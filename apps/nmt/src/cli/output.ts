/** Where a command writes: results to stdout, everything else (headers, progress, errors) to stderr. */
export interface CommandOutput {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const processOutput: CommandOutput = { stdout: process.stdout, stderr: process.stderr };

/** Formats a number with `digits` decimals. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/**
 * A plain-text table: columns padded to their widest cell (body cells longer
 * than `maxWidth` are cut with `…`), a rule under the header.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidth = 60,
): string {
  const cut = (text: string) => {
    const characters = [...text];
    return characters.length > maxWidth ? `${characters.slice(0, maxWidth - 1).join('')}…` : text;
  };
  const cells = [header, ...rows.map((row) => row.map(cut))];
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => [...(row[column] ?? '')].length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - [...cell].length))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [
    line(head ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map(line),
  ].join('\n');
}
