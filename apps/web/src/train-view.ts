import type { PageBackend } from './backends';
import { downloadBytes } from './download';
import { DEFAULT_TRAINING_CONFIG } from './training/training-config';
import { ConfigForm } from './ui/config-form';
import { byId, element } from './ui/elements';
import { lossChartDrawer } from './ui/loss-chart';
import { RunMonitor } from './ui/run-monitor';

/** Fields whose change retrains at once (the others apply at the next "Train"). */
const RETRAIN_ON = new Set(['attention', 'arch', 'corpus']);

/**
 * The Train view: one config, trained in a worker, with its loss curve,
 * validation BLEU and the heat map of a validation sentence. Pause, resume,
 * and download the model as `model.safetensors`. Changing the attention
 * type (or architecture, or corpus) retrains from scratch.
 */
export function mountTrainView(backend: () => PageBackend): void {
  const form = new ConfigForm('train', DEFAULT_TRAINING_CONFIG);
  const chart = element('div', { class: 'chart', id: 'train-chart' });
  const runArea = element('div', { id: 'train-run' });
  const buttons = {
    train: element('button', { type: 'button', id: 'train-start' }, 'Train'),
    pause: element('button', { type: 'button', id: 'train-pause', disabled: '' }, 'Pause'),
    resume: element('button', { type: 'button', id: 'train-resume', disabled: '' }, 'Resume'),
    download: element(
      'button',
      { type: 'button', id: 'train-download', disabled: '' },
      'Download model',
    ),
  };
  byId('train').append(
    form.element,
    element('div', { class: 'buttons' }, ...Object.values(buttons)),
    element('div', { class: 'side-by-side' }, chart, runArea),
  );
  let run: RunMonitor | undefined;
  const drawChart = lossChartDrawer(chart, () => (run ? [run.series()] : []));

  const start = () => {
    run?.stop();
    run = new RunMonitor(form.read(backend()), drawChart);
    runArea.replaceChildren(run.element);
    chart.replaceChildren();
    buttons.pause.disabled = false;
    buttons.resume.disabled = true;
    buttons.download.disabled = false;
  };
  buttons.train.addEventListener('click', start);
  form.onChange((key) => {
    if (run !== undefined && RETRAIN_ON.has(key)) start();
  });
  buttons.pause.addEventListener('click', () => {
    run?.pause();
    buttons.pause.disabled = true;
    buttons.resume.disabled = false;
  });
  buttons.resume.addEventListener('click', () => {
    run?.resume();
    buttons.pause.disabled = false;
    buttons.resume.disabled = true;
  });
  buttons.download.addEventListener('click', async () => {
    if (run) downloadBytes(await run.bundle(), 'model.safetensors');
  });
}
