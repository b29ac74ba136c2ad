/** Padding id; the same value as `PAD_ID` in @heed/core. */
export const PAD_ID = 0;
/** Beginning-of-sequence id (a.k.a. GO/START); the same value as `BOS_ID` in @heed/core. */
export const BOS_ID = 1;
/** End-of-sequence id; the same value as `EOS_ID` in @heed/core. */
export const EOS_ID = 2;
/** Unknown-token id; the same value as `UNK_ID` in @heed/core. */
export const UNK_ID = 3;

/** The spellings of ids 0–3, in id order. Every vocabulary starts with them. */
export const SPECIAL_TOKENS: readonly string[] = Object.freeze(['<pad>', '<s>', '</s>', '<unk>']);
