/** An element of a parsed XML document. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The decoded text directly inside the element. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A strict, minimal XML parser for tests: elements, attributes, text and
 * entities (no DTDs, CDATA or processing instructions). Throws on anything not
 * well formed — a raw `<` or `&` in text, an unknown entity, a mismatched or
 * unclosed tag, a duplicate attribute — so a passing parse proves the escaping.
 */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  let index = 0;
  while (index < source.length) {
    const next = source.indexOf('<', index);
    const end = next === -1 ? source.length : next;
    const current = stack.at(-1) as XmlElement;
    current.text += decode(source.slice(index, end));
    if (next === -1) break;
    if (source.startsWith('<!--', next)) {
      const close = source.indexOf('-->', next);
      if (close === -1) throw new Error(`unclosed comment at ${next}`);
      index = close + 3;
      continue;
    }
    tag.lastIndex = next;
    const match = tag.exec(source);
    if (!match) throw new Error(`malformed tag at ${next}: ${source.slice(next, next + 40)}`);
    const [whole, closing, name = '', attributeText = '', selfClosing] = match;
    index = next + whole.length;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}> at ${next}`);
      continue;
    }
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (const [, key = '', , value = ''] of attributeText.matchAll(
      /([\w:.-]+)\s*=\s*(["'])(.*?)\2/g,
    )) {
      if (key in element.attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
      element.attributes[key] = decode(value);
    }
    current.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') {
    throw new Error('a document must have exactly one root element');
  }
  return root.children[0] as XmlElement;
}

function decode(text: string): string {
  if (text.includes('<')) throw new Error(`raw '<' in text: ${text}`);
  return text.replace(/&([^;\s]*);?/g, (entity, body: string) => {
    if (!entity.endsWith(';')) throw new Error(`bare '&' in: ${text}`);
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    const value = ENTITIES[body];
    if (value === undefined) throw new Error(`unknown entity &${body};`);
    return value;
  });
}

/** Every descendant of `element` (depth first) that passes `test`. */
export function findAll(element: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (test(child)) out.push(child);
      visit(child);
    }
  };
  visit(element);
  return out;
}

/** Elements with the given class. */
export function byClass(element: XmlElement, className: string): XmlElement[] {
  return findAll(element, (e) => (e.attributes.class ?? '').split(/\s+/).includes(className));
}
