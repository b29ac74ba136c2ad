// ColorBrewer "Blues" (9 classes), light to dark.
const BLUES = [
  [247, 251, 255],
  [222, 235, 247],
  [198, 219, 239],
  [158, 202, 225],
  [107, 174, 214],
  [66, 146, 198],
  [33, 113, 181],
  [8, 81, 156],
  [8, 48, 107],
] as const;

/**
 * The colour of `value` on a light-to-dark blue scale over `[0, max]`, as
 * `#rrggbb`; values outside the domain are clamped.
 */
export function blues(value: number, max = 1): string {
  const t = Math.min(1, Math.max(0, max > 0 ? value / max : 0)) * (BLUES.length - 1);
  const low = Math.floor(t);
  const high = Math.min(BLUES.length - 1, low + 1);
  const fraction = t - low;
  const from = BLUES[low] ?? BLUES[0];
  const to = BLUES[high] ?? BLUES[0];
  return `#${from
    .map((channel, i) => Math.round(channel + ((to[i] ?? channel) - channel) * fraction))
    .map((channel) => channel.toString(16).padStart(2, '0'))
    .join('')}`;
}
