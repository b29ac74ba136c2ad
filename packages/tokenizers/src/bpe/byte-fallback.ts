/** The 256 byte tokens `<0x00>` … `<0xFF>` (SentencePiece spelling), in byte order. */
export const BYTE_TOKENS: readonly string[] = Object.freeze(
  Array.from(
    { length: 256 },
    (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`,
  ),
);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The UTF-8 bytes of one character. */
export function utf8Bytes(character: string): Uint8Array {
  return encoder.encode(character);
}

/** Text from UTF-8 bytes; an invalid sequence becomes U+FFFD instead of throwing. */
export function utf8Text(bytes: readonly number[]): string {
  return decoder.decode(Uint8Array.from(bytes));
}
