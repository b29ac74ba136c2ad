import { invalidArgument } from './validation';

/** One point of a training curve. */
export interface CurvePoint {
  step: number;
  /** A non-finite value leaves a gap in the line. */
  value: number;
}

/** One series, e.g. `train loss` or `valid BLEU`, or one model's loss in a comparison. */
export interface Curve {
  /** Series name in the legend. */
  name: string;
  points: readonly CurvePoint[];
  /** Title of the chart the curve is drawn on; curves with the same title share it. Defaults to 'Training curves'. */
  chart?: string;
}

const DEFAULT_CHART = 'Training curves';
/** Series up to this many points are drawn with a dot on each point. */
const MAX_POINTS_WITH_DOTS = 40;

/**
 * Groups curves by `chart` and builds one Vega-Lite line chart per group, with
 * the data inline: x = step, y = value (not forced through zero), one colour per
 * series.
 */
export function curveCharts(
  curves: readonly Curve[],
): { title: string; spec: Record<string, unknown> }[] {
  const groups = new Map<string, { series: string; step: number; value: number | null }[]>();
  const longest = new Map<string, number>();
  curves.forEach((curve, i) => {
    if (typeof curve?.name !== 'string' || !Array.isArray(curve.points)) {
      throw invalidArgument('renderReport', `curves[${i}]`, 'must be { name, points }', curve);
    }
    const title = curve.chart ?? DEFAULT_CHART;
    const rows = groups.get(title) ?? [];
    curve.points.forEach((point, j) => {
      if (!Number.isFinite(point?.step)) {
        throw invalidArgument(
          'renderReport',
          `curves[${i}].points[${j}].step`,
          'must be a finite number',
          point?.step,
        );
      }
      rows.push({
        series: curve.name,
        step: point.step,
        value: Number.isFinite(point.value) ? point.value : null,
      });
    });
    groups.set(title, rows);
    longest.set(title, Math.max(longest.get(title) ?? 0, curve.points.length));
  });
  return [...groups].map(([title, values]) => ({
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 'container',
      height: 260,
      data: { values },
      mark: {
        type: 'line',
        tooltip: true,
        point: (longest.get(title) ?? 0) <= MAX_POINTS_WITH_DOTS,
      },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: {
          field: 'value',
          type: 'quantitative',
          scale: { zero: false },
          title: title === DEFAULT_CHART ? 'value' : title,
        },
        color: { field: 'series', type: 'nominal', title: null },
      },
    },
  }));
}
