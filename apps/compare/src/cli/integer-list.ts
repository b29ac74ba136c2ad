import { InvalidArgumentError } from 'commander';

/** `10,20,30` → `[10, 20, 30]`: the `--buckets` parser. */
export function integerList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part))) {
    throw new InvalidArgumentError('must be comma-separated positive integers, e.g. 10,20,30.');
  }
  return parts.map(Number);
}
