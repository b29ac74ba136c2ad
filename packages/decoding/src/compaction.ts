/**
 * Whether to drop finished sentences from the batch now: when at least a
 * quarter of the current rows are finished. Dropping costs one gather of the
 * `Encoded` tensors; waiting keeps computing rows whose output is ignored.
 */
export function shouldCompact(currentRows: number, keptRows: number): boolean {
  return keptRows <= currentRows * 0.75;
}
