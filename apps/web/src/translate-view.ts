import { attentionHeatmap, type Bundle, decodeBundle, fetchBundle, translate } from '@heed/models';
import { renderAttentionSvg } from '@heed/viz';
import { backendSettled } from './backends';
import { byId, element, field, select } from './ui/elements';

/** The model the page opens with: a small dates model, trained by scripts/train-shipped-model.ts. */
export const SHIPPED_MODEL = 'models/dates/model.safetensors';
/** What the input holds when the page opens. */
const FIRST_SENTENCE = 'the 3rd of May, 2021';
/** Typing pauses this long before translating. */
const TYPING_DELAY_MS = 150;

/**
 * The Translate view: a model loaded by URL, file picker or drag and drop
 * (the shipped dates model at first), translation as one types, greedy or
 * beam search with the n best and their scores, and the heat map of the best
 * translation with source and target tokens on its axes.
 */
export function mountTranslateView(): { loaded: Promise<void> } {
  const view = byId('translate');
  const url = element('input', { id: 'model-url', type: 'text', size: '40' });
  url.value = SHIPPED_MODEL;
  const load = element('button', { type: 'button', id: 'model-load' }, 'Load');
  const file = element('input', { id: 'model-file', type: 'file', accept: '.safetensors' });
  const modelStatus = element('p', { id: 'model-status', class: 'status' }, 'no model yet');
  const input = element('input', { id: 'source', type: 'text', size: '50' });
  input.value = FIRST_SENTENCE;
  const search = select('search', ['greedy', 'beam'], 'greedy');
  const beam = element('input', { name: 'beam', type: 'number', min: '1', max: '16', value: '4' });
  const nbest = element('input', {
    name: 'nbest',
    type: 'number',
    min: '1',
    max: '16',
    value: '3',
  });
  const output = element('ol', { id: 'hypotheses' });
  const heatmap = element('div', { id: 'translate-heatmap', class: 'heatmap' });
  view.append(
    element(
      'div',
      { class: 'model-source' },
      field('model URL', url),
      load,
      field('or a file (or drop one here)', file),
    ),
    modelStatus,
    element(
      'div',
      { class: 'query' },
      field('text', input),
      field('search', search),
      field('beam', beam),
      field('n-best', nbest),
    ),
    output,
    heatmap,
  );

  let current: Bundle | undefined;
  let latest = 0;
  const run = async () => {
    if (current === undefined) return;
    const ticket = ++latest;
    await backendSettled();
    const beamSearch = search.value === 'beam';
    const [translation] = await translate(current.model, current.tokenizers, [input.value], {
      beam: beamSearch ? Number(beam.value) : 1,
      nbest: beamSearch ? Number(nbest.value) : 1,
      attention: true,
    });
    if (ticket !== latest || translation === undefined) return;
    output.replaceChildren(
      ...translation.hypotheses.map((hypothesis) =>
        element(
          'li',
          { class: 'hypothesis', 'data-text': hypothesis.text },
          element('span', { class: 'text' }, hypothesis.text),
          element('span', { class: 'score' }, ` score ${hypothesis.score.toFixed(3)}`),
        ),
      ),
    );
    heatmap.innerHTML = renderAttentionSvg(attentionHeatmap(translation));
    view.dataset.translated = input.value;
  };
  const report = (error: unknown) => {
    modelStatus.textContent = `error: ${error instanceof Error ? error.message : String(error)}`;
    console.error(error);
  };
  const use = async (name: string, bundle: Promise<Bundle>) => {
    modelStatus.textContent = `loading ${name}…`;
    const next = await bundle;
    current?.model.dispose();
    current = next;
    modelStatus.textContent = `${name}: ${next.spec.arch}, ${next.model.parameterCount()} parameters`;
    view.dataset.model = name;
    await run();
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const translateSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => run().catch(report), TYPING_DELAY_MS);
  };
  input.addEventListener('input', translateSoon);
  for (const control of [search, beam, nbest]) control.addEventListener('change', translateSoon);
  load.addEventListener('click', () => use(url.value, fetchBundle(url.value)).catch(report));
  const useFile = (picked: File) =>
    use(
      picked.name,
      picked.arrayBuffer().then((buffer) => decodeBundle(buffer, { source: picked.name })),
    ).catch(report);
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    if (picked) useFile(picked);
  });
  view.addEventListener('dragover', (event) => event.preventDefault());
  view.addEventListener('drop', (event) => {
    event.preventDefault();
    const dropped = event.dataTransfer?.files[0];
    if (dropped) useFile(dropped);
  });
  return { loaded: use(SHIPPED_MODEL, fetchBundle(SHIPPED_MODEL)).catch(report) };
}
