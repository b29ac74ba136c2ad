import { RecipeError } from './errors';

const UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600 };

/** A duration with its unit: `90s`, `2.5m`, `1h` (a bare number is not one). */
export const DURATION_WITH_UNIT = /^\s*\d+(?:\.\d+)?\s*[smh]\s*$/;

/** `90`, `90s`, `2.5m`, `1h` → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1) : Number.NaN;
  if (!(seconds > 0)) {
    throw new RecipeError(
      `a duration must be a positive number of seconds, or end in s, m or h (90s, 3m, 1h). Received: '${text}'`,
    );
  }
  return seconds;
}
