// Characters XML 1.0 forbids (C0 controls other than tab/newline/return, lone
// surrogates, U+FFFE/U+FFFF). They become U+FFFD so a stray byte in a token
// cannot make the whole SVG unreadable.
const INVALID_XML_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for XML and HTML, in element content and in quoted attribute
 * values alike: `& < > " '` become entities and characters XML cannot hold
 * become U+FFFD. Everything else (Devanagari, accents, emoji) passes through.
 */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARACTERS, '\uFFFD')
    .replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/**
 * Serialises `value` as JSON that is safe inside an HTML `<script>` element:
 * `<`, `>` and `&` are written as `\u` escapes, so no string in the data can
 * close the element or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Makes a JavaScript source safe to inline in a `<script>` element. */
export function scriptForHtml(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
