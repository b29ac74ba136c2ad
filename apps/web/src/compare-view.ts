import type { PageBackend } from './backends';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from './training/training-config';
import { ConfigForm } from './ui/config-form';
import { byId, element } from './ui/elements';
import { lossChartDrawer } from './ui/loss-chart';
import { describeConfig, RunMonitor } from './ui/run-monitor';

/**
 * The Compare view: two configs (additive vs none to start with) trained side
 * by side on the same data with the same seed, their loss curves on one
 * chart, their heat maps next to each other.
 */
export function mountCompareView(backend: () => PageBackend): void {
  const forms = [
    new ConfigForm('a', DEFAULT_TRAINING_CONFIG),
    new ConfigForm('b', { ...DEFAULT_TRAINING_CONFIG, attention: 'none' }),
  ] as const;
  const chart = element('div', { class: 'chart', id: 'compare-chart' });
  const runs = element('div', { class: 'side-by-side', id: 'compare-runs' });
  const start = element('button', { type: 'button', id: 'compare-start' }, 'Train both');
  byId('compare').append(
    element('div', { class: 'side-by-side' }, ...forms.map((form) => form.element)),
    element('p', { class: 'note' }, 'Both use the seed, corpus and batch size of A.'),
    start,
    chart,
    runs,
  );
  let monitors: RunMonitor[] = [];
  const drawChart = lossChartDrawer(chart, () =>
    monitors.map((monitor, i) => monitor.series(`${'AB'[i]}: ${describeConfig(monitor.config)}`)),
  );
  start.addEventListener('click', () => {
    for (const monitor of monitors) monitor.stop();
    const a = forms[0].read(backend());
    const b: TrainingConfig = {
      ...forms[1].read(backend()),
      seed: a.seed,
      corpus: a.corpus,
      corpusSize: a.corpusSize,
      batchTokens: a.batchTokens,
    };
    monitors = [a, b].map((config) => new RunMonitor(config, drawChart));
    runs.replaceChildren(...monitors.map((monitor) => monitor.element));
    chart.replaceChildren();
  });
}
