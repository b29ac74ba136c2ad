/**
 * The string primitives sacreBLEU relies on, with Python's semantics: its
 * whitespace set (`str.isspace`: includes U+001C–U+001F and U+0085, excludes
 * U+FEFF, unlike JavaScript's `\s`) and code-point indexing.
 */
const WHITESPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUNS = new RegExp(`[${WHITESPACE}]+`, 'u');
const TRAILING = new RegExp(`[${WHITESPACE}]+$`, 'u');
const LEADING = new RegExp(`^[${WHITESPACE}]+`, 'u');

/** Python's `line.split()`: split on whitespace runs, dropping empty pieces. */
export function splitWhitespace(line: string): string[] {
  return line.split(RUNS).filter((piece) => piece.length > 0);
}

/** Python's `line.rstrip()`. */
export function rstrip(line: string): string {
  return line.replace(TRAILING, '');
}

/** Python's `line.strip()`. */
export function strip(line: string): string {
  return rstrip(line).replace(LEADING, '');
}

/** The code points of `line` (Python indexes strings by code point, JavaScript by UTF-16 unit). */
export function codePoints(line: string): string[] {
  return Array.from(line);
}
