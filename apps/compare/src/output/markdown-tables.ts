import type { Comparison } from '../run/comparison';
import type { MeanSd, ModelSummary, Significance } from '../run/summarize';

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

/** `mean ± sd` over several seeds, the plain mean for one; `–` when missing. */
export function formatMeanSd(value: MeanSd | null | undefined, digits: number): string {
  if (!value) return '–';
  const mean = formatNumber(value.mean, digits);
  return value.values.length > 1 ? `${mean} ± ${formatNumber(value.sd, digits)}` : mean;
}

/** `*` after a value whose difference to the baseline is significant. */
function mark(significance: Significance, level: number): string {
  return significance.pValue !== null && significance.pValue < level ? ' *' : '';
}

/**
 * The comparison table: one row per model with its parameters, updates,
 * training time and throughput, validation loss, test BLEU (marked `*` when
 * it differs significantly from the baseline's) and chrF, greedy and beam,
 * attention entropy and alignment error rate, and decoding time per
 * sentence; mean ± sd over the seeds.
 */
export function resultsTable(comparison: Comparison): string {
  const beam = comparison.settings.beam;
  const level = comparison.significanceLevel;
  const header = [
    'model',
    'parameters',
    'steps',
    'train s',
    'tokens/s',
    'valid loss',
    'BLEU greedy',
    `BLEU beam ${beam}`,
    'chrF greedy',
    `chrF beam ${beam}`,
    'entropy',
    'AER',
    'ms/sent greedy',
    `ms/sent beam ${beam}`,
  ];
  const rows = comparison.summaries.map((model) => [
    model.name,
    formatNumber(model.parameters, 0),
    formatMeanSd(model.steps, 0),
    formatMeanSd(model.trainSeconds, 1),
    formatNumber(model.tokensPerSecond.mean, 0),
    formatMeanSd(model.validLoss, 4),
    formatMeanSd(model.bleu.greedy, 2) + mark(model.significance.greedy, level),
    formatMeanSd(model.bleu.beam, 2) + mark(model.significance.beam, level),
    formatMeanSd(model.chrf.greedy, 2),
    formatMeanSd(model.chrf.beam, 2),
    formatMeanSd(model.entropy, 3),
    formatMeanSd(model.aer, 3),
    formatNumber(model.msPerSentence.greedy.mean, 1),
    formatNumber(model.msPerSentence.beam.mean, 1),
  ]);
  return markdownTable(header, rows, ['left', ...header.slice(1).map(() => 'right' as const)]);
}

/**
 * The paired bootstrap against the baseline: per model and decoding method,
 * BLEU of all seeds' translations together, the resampled mean ± the
 * half-width of its 95 % interval, and the p-value.
 */
export function significanceTable(comparison: Comparison): string {
  const beam = comparison.settings.beam;
  const level = comparison.significanceLevel;
  const header = [
    'model',
    'BLEU greedy',
    'mean ± 95 % CI',
    'p',
    `BLEU beam ${beam}`,
    'mean ± 95 % CI',
    'p',
  ];
  const cells = (significance: Significance) => [
    formatNumber(significance.score, 2),
    `${formatNumber(significance.mean, 2)} ± ${formatNumber(significance.ci, 2)}`,
    significance.pValue === null
      ? 'baseline'
      : `${formatNumber(significance.pValue, 4)}${mark(significance, level)}`,
  ];
  const rows = comparison.summaries.map((model) => [
    model.name,
    ...cells(model.significance.greedy),
    ...cells(model.significance.beam),
  ]);
  return markdownTable(header, rows, ['left', ...header.slice(1).map(() => 'right' as const)]);
}

/** Greedy BLEU by source-length bucket, one row per model (mean over the seeds); the header counts each bucket's sentences. */
export function bucketTable(summaries: readonly ModelSummary[]): string {
  const buckets = summaries[0]?.buckets ?? [];
  const header = ['model', ...buckets.map((bucket) => `${bucket.label} (${bucket.sentences})`)];
  const rows = summaries.map((model) => [
    model.name,
    ...model.buckets.map((bucket) => formatNumber(bucket.greedyBleu?.mean, 2)),
  ]);
  return markdownTable(header, rows, ['left', ...buckets.map(() => 'right' as const)]);
}

/** The tables with their headings, as printed on stdout and written to table.md. */
export function resultsMarkdown(comparison: Comparison): string {
  const sentences = comparison.data.test;
  const seeds = comparison.seeds.seeds.length;
  const over = seeds > 1 ? `; mean ± sd over ${seeds} seeds` : '';
  return [
    `### Models (${sentences} test sentences${over}; * BLEU differs from ${comparison.baseline}'s with p < ${comparison.significanceLevel})`,
    '',
    resultsTable(comparison),
    '',
    `### Paired bootstrap against ${comparison.baseline} (${comparison.settings.bootstrapSamples} resamples of the test sentences${seeds > 1 ? `, each with its translations by all ${seeds} seeds` : ''})`,
    '',
    significanceTable(comparison),
    '',
    `### Greedy BLEU by source length (tokens; sentences per bucket in brackets${seeds > 1 ? '; mean over the seeds' : ''})`,
    '',
    bucketTable(comparison.summaries),
    '',
  ].join('\n');
}
