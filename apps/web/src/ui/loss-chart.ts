import { type LineSeries, renderLineChartSvg } from '@heed/viz';

/** Redraws `target` with the training loss curves of `series`, at most once per frame. */
export function lossChartDrawer(target: HTMLElement, series: () => LineSeries[]): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const shown = series().filter((line) => line.points.length > 0);
      if (shown.length === 0) return;
      target.innerHTML = renderLineChartSvg(
        { series: shown, title: 'training loss', xLabel: 'update', yLabel: 'loss (nats/token)' },
        { width: 640, height: 300 },
      );
    });
  };
}
