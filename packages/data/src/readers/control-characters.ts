/**
 * The control characters heed refuses in text: C0 (U+0000–U+001F) except the
 * tab, DEL (U+007F) and C1 (U+0080–U+009F). They are invisible, and NUL and
 * friends would otherwise become vocabulary entries.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for.
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** `U+0000 (NUL)`-style names for the messages. */
const CONTROL_NAMES = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'HT',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];

/**
 * Checks one line of text against heed's input policy: no control
 * characters (see `CONTROL_CHARACTER`). Returns the problem's description
 * (`control character U+0000 (NUL) at column 4`), or undefined when the
 * line is clean. Columns count code points from 1.
 */
export function controlCharacterProblem(text: string): string | undefined {
  CONTROL_CHARACTER.lastIndex = 0;
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) as number;
  const name = code < 32 ? CONTROL_NAMES[code] : code === 0x7f ? 'DEL' : 'C1 control';
  const column = [...text.slice(0, match.index)].length + 1;
  return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')} (${name}) at column ${column}`;
}
