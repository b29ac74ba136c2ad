export type { Curve, CurvePoint } from './curve-charts';
export {
  type AttentionHeatmap,
  DEFAULT_FONT_FAMILY,
  type HeatmapOptions,
  renderAttentionSvg,
} from './heatmap-svg';
export {
  type LineChart,
  type LineChartOptions,
  type LineSeries,
  renderLineChartSvg,
} from './line-chart-svg';
export type { PngOptions } from './png';
export type { MetricsRow, ReportChart, ReportInput } from './report';
export { graphemes, textWidthEm } from './text-metrics';
