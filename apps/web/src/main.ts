import { describeBackend, PAGE_BACKENDS, type PageBackend, useBackend } from './backends';
import { mountCompareView } from './compare-view';
import { mountTrainView } from './train-view';
import { mountTranslateView } from './translate-view';
import { byId, select } from './ui/elements';

const VIEWS = ['translate', 'train', 'compare'] as const;

/** Shows one view and marks its tab. */
function show(view: string): void {
  for (const name of VIEWS) {
    byId(name).hidden = name !== view;
    byId(`tab-${name}`).setAttribute('aria-selected', String(name === view));
  }
  document.body.dataset.view = view;
}

async function main(): Promise<void> {
  const picker = select('backend', PAGE_BACKENDS, 'auto');
  picker.id = 'backend';
  const backendStatus = byId('backend-status');
  byId('backend-picker').append(picker);
  const chosen = () => picker.value as PageBackend;
  const activate = async () => {
    const report = await useBackend(chosen());
    backendStatus.textContent = `in use: ${describeBackend(report)}${crossOriginIsolated ? '' : ' (page not cross-origin isolated: wasm runs one thread)'}`;
    document.body.dataset.backend = report.name;
  };
  picker.addEventListener('change', () => activate().catch(showError));
  for (const name of VIEWS) byId(`tab-${name}`).addEventListener('click', () => show(name));
  show(location.hash.slice(1) || 'translate');
  await activate();
  mountTrainView(chosen);
  mountCompareView(chosen);
  await mountTranslateView().loaded;
  document.body.dataset.ready = 'true';
}

/** Shows a failure in the header (and the console). */
function showError(error: unknown): void {
  byId('backend-status').textContent =
    `error: ${error instanceof Error ? error.message : String(error)}`;
  console.error(error);
}

main().catch(showError);
