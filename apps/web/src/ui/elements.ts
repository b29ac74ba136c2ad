/** Creates an element with attributes and children: `element('p', { class: 'note' }, 'text')`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A `<select>` of `options`, `selected` chosen. */
export function select(
  name: string,
  options: readonly string[],
  selected: string,
): HTMLSelectElement {
  const node = element('select', { name });
  for (const option of options) node.append(element('option', { value: option }, option));
  node.value = selected;
  return node;
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  return element('label', { class: 'field' }, element('span', {}, label), control);
}

/** The element with this id; throws when the page lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`index.html has no element #${id}`);
  return node as T;
}
