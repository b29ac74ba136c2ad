import { describe, expect, it } from 'vitest';
import { DATE_FORMAT_COUNT, generateAlignedDates, generateDates } from './dates';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

describe('dates corpus', () => {
  const pairs = generateDates(3000, 11);

  it('targets are real ISO dates in 1950–2049 whose year, month and weekday the source shows', () => {
    for (const { source, target } of pairs) {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(target);
      expect(match, target).not.toBeNull();
      const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      expect(date.getUTCDate()).toBe(day);
      expect(year).toBeGreaterThanOrEqual(1950);
      expect(year).toBeLessThanOrEqual(2049);
      const lower = source.toLowerCase();
      expect(
        lower.includes(String(year)) || lower.includes(String(year % 100).padStart(2, '0')),
      ).toBe(true);
      const namesMonth = MONTHS.some((m) => lower.includes(m));
      if (namesMonth) expect(lower).toContain(MONTHS[month - 1]);
      const weekday = WEEKDAYS.find((w) => new RegExp(`\\b${w}`).test(lower));
      if (weekday) expect(weekday).toBe(WEEKDAYS[date.getUTCDay()]);
    }
  });

  it('uses many formats', () => {
    const shapes = new Set(
      pairs.map((p) => p.source.replace(/[A-Za-z]+/g, 'W').replace(/\d+/g, 'N')),
    );
    expect(shapes.size).toBeGreaterThanOrEqual(12);
    expect(DATE_FORMAT_COUNT).toBeGreaterThanOrEqual(20);
  });

  it('maps the same written date to the same ISO date across seeds', () => {
    const translation = new Map<string, string>();
    for (const { source, target } of [...pairs, ...generateDates(3000, 12)]) {
      expect(translation.get(source) ?? target).toBe(target);
      translation.set(source, target);
    }
  });

  it('reads known formats right', () => {
    const all = generateDates(20000, 1);
    const bySource = new Map(all.map((p) => [p.source, p.target]));
    // Spot-check the unambiguous conventions on whatever the seed produced.
    for (const [source, target] of bySource) {
      const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(source);
      if (us) expect(target).toBe(`${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}`);
      const european = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(source);
      if (european)
        expect(target).toBe(
          `${european[3]}-${european[2]?.padStart(2, '0')}-${european[1]?.padStart(2, '0')}`,
        );
      const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(source);
      if (compact) expect(target).toBe(`${compact[1]}-${compact[2]}-${compact[3]}`);
    }
  });

  describe('alignments', () => {
    const aligned = generateAlignedDates(3000, 11);

    it('come with exactly the pairs generateDates makes', () => {
      expect(aligned.map(({ source, target }) => ({ source, target }))).toEqual(pairs);
    });

    it('link equal digits surely, every target digit possibly, and dashes never', () => {
      for (const { source, target, alignment } of aligned) {
        const possible = new Set(alignment.possible.map(([t, s]) => `${t},${s}`));
        for (const [t, s] of alignment.sure) {
          expect(possible.has(`${t},${s}`), `${source}: sure ${t},${s} not possible`).toBe(true);
          expect(source[s], `${source} → ${target} at ${t},${s}`).toBe(target[t]);
        }
        const linkedTargets = new Set(alignment.possible.map(([t]) => t));
        expect([...linkedTargets].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 5, 6, 8, 9]);
        // Four-digit years are written out, so all four year digits are sure.
        if (source.includes(target.slice(0, 4))) {
          expect(alignment.sure.filter(([t]) => t < 4)).toHaveLength(4);
        }
      }
    });

    it('align a short US date as written by hand', () => {
      const pair = aligned.find(({ source }) => /^\d\/\d\/\d\d$/.test(source));
      expect(pair, 'a date written M/D/YY').toBeDefined();
      const { source, target, alignment } = pair as (typeof aligned)[number];
      // "M/D/YY" → "YYYY-0M-0D": source offsets 0 = month, 2 = day, 4–5 = year.
      expect(target.slice(2, 4)).toBe(source.slice(4, 6));
      expect([...alignment.sure].sort(byLink)).toEqual(
        [
          [2, 4],
          [3, 5],
          [6, 0],
          [9, 2],
        ].sort(byLink),
      );
      expect([...alignment.possible].sort(byLink)).toEqual(
        [
          [0, 4],
          [0, 5],
          [1, 4],
          [1, 5],
          [2, 4],
          [2, 5],
          [3, 4],
          [3, 5],
          [5, 0],
          [6, 0],
          [8, 2],
          [9, 2],
        ].sort(byLink),
      );
    });
  });
});

const byLink = (a: number[], b: number[]) =>
  (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number);
