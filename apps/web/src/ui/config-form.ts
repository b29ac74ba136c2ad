import { attentionTypes } from '@heed/attention';
import type { PageBackend } from '../backends';
import { PAGE_CORPORA, type TrainingConfig } from '../training/training-config';
import { element, field, select } from './elements';

/** The sizes a form edits as numbers. */
const NUMBER_FIELDS = [
  ['hidden', 'hidden'],
  ['embed', 'embedding (RNN)'],
  ['layers', 'layers'],
  ['heads', 'heads'],
  ['steps', 'updates'],
  ['corpusSize', 'corpus pairs'],
  ['batchTokens', 'batch tokens'],
  ['learningRate', 'learning rate'],
  ['evaluateEvery', 'evaluate every'],
] as const;

/**
 * A form for one training config: corpus, architecture, attention type (every
 * type the registry has) and sizes. `read` returns the config the form
 * shows; `onChange` fires on every edit.
 */
export class ConfigForm {
  readonly element: HTMLFormElement;
  readonly #base: TrainingConfig;
  readonly #controls = new Map<string, HTMLInputElement | HTMLSelectElement>();

  constructor(name: string, base: TrainingConfig) {
    this.#base = base;
    this.element = element('form', { class: 'config', 'data-config': name });
    this.element.addEventListener('submit', (event) => event.preventDefault());
    const choices = [
      ['corpus', 'corpus', PAGE_CORPORA],
      ['arch', 'architecture', ['rnn', 'transformer']],
      ['attention', 'attention', attentionTypes()],
    ] as const;
    for (const [key, label, options] of choices) {
      this.#add(key, label, select(key, options, String(base[key])));
    }
    for (const [key, label] of NUMBER_FIELDS) {
      const input = element('input', {
        name: key,
        type: 'number',
        min: '0',
        step: key === 'learningRate' ? 'any' : '1',
      });
      input.value = String(base[key]);
      this.#add(key, label, input);
    }
  }

  /** The config as the form shows it, on `backend`. */
  read(backend: PageBackend): TrainingConfig {
    const value = (key: string) => this.#controls.get(key)?.value ?? '';
    const config: TrainingConfig = {
      ...this.#base,
      corpus: value('corpus') as TrainingConfig['corpus'],
      arch: value('arch') as TrainingConfig['arch'],
      attention: value('attention'),
      backend,
    };
    for (const [key] of NUMBER_FIELDS) config[key] = Number(value(key));
    return config;
  }

  /** Calls `listener` with the field's name whenever a field changes. */
  onChange(listener: (key: string) => void): void {
    this.element.addEventListener('change', (event) =>
      listener((event.target as HTMLInputElement).name),
    );
  }

  #add(key: string, label: string, control: HTMLInputElement | HTMLSelectElement): void {
    this.#controls.set(key, control);
    this.element.append(field(label, control));
  }
}
