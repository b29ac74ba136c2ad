/**
 * The `version` field of every signature: the sacreBLEU release line whose
 * semantics these metrics reproduce (2.x), not a sacreBLEU install.
 */
export const SACREBLEU_VERSION = '2.x';
