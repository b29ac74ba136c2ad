import type { ModelResult } from '../run/model-result';

/** A markdown table, columns padded so it also reads well as plain text. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = [],
): string {
  const widths = header.map((cell, column) =>
    Math.max(3, [...cell].length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  );
  const pad = (cell: string, column: number) => {
    const fill = ' '.repeat((widths[column] ?? 0) - [...cell].length);
    return align[column] === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]) =>
    `| ${header.map((_, column) => pad(cells[column] ?? '', column)).join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) =>
      align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
    )
    .join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals, or `–` when it is missing or not finite. */
export function formatNumber(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: digits === 0,
  });
}

/**
 * The comparison table: one row per model with its parameters, training
 * time and throughput, final validation loss and perplexity, test BLEU and
 * chrF (greedy and beam), and decoding time per sentence.
 */
export function resultsTable(results: readonly ModelResult[]): string {
  const beam = results[0]?.test.beam.beamSize ?? 5;
  const header = [
    'model',
    'parameters',
    'train s',
    'tokens/s',
    'valid loss',
    'valid ppl',
    'BLEU greedy',
    `BLEU beam ${beam}`,
    'chrF greedy',
    `chrF beam ${beam}`,
    'ms/sent greedy',
    `ms/sent beam ${beam}`,
  ];
  const rows = results.map((result) => [
    result.name,
    formatNumber(result.parameters, 0),
    formatNumber(result.training.seconds, 1),
    formatNumber(result.training.tokensPerSecond, 0),
    formatNumber(result.validation?.loss, 4),
    formatNumber(result.validation?.perplexity, 2),
    formatNumber(result.test.greedy.bleu, 2),
    formatNumber(result.test.beam.bleu, 2),
    formatNumber(result.test.greedy.chrf, 2),
    formatNumber(result.test.beam.chrf, 2),
    formatNumber(result.test.greedy.msPerSentence, 1),
    formatNumber(result.test.beam.msPerSentence, 1),
  ]);
  return markdownTable(header, rows, ['left', ...header.slice(1).map(() => 'right' as const)]);
}

/** Greedy BLEU by source-length bucket, one row per model; the header counts each bucket's sentences. */
export function bucketTable(results: readonly ModelResult[]): string {
  const buckets = results[0]?.test.buckets ?? [];
  const header = ['model', ...buckets.map((bucket) => `${bucket.label} (${bucket.sentences})`)];
  const rows = results.map((result) => [
    result.name,
    ...result.test.buckets.map((bucket) => formatNumber(bucket.greedyBleu, 2)),
  ]);
  return markdownTable(header, rows, ['left', ...buckets.map(() => 'right' as const)]);
}

/** Both tables with their headings, as printed on stdout and written to table.md. */
export function resultsMarkdown(results: readonly ModelResult[]): string {
  const sentences = results[0]?.test.sentences ?? 0;
  return [
    `### Models (${sentences} test sentences)`,
    '',
    resultsTable(results),
    '',
    '### Greedy BLEU by source length (tokens; sentences per bucket in brackets)',
    '',
    bucketTable(results),
    '',
  ].join('\n');
}
