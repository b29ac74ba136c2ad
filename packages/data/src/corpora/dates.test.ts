import { describe, expect, it } from 'vitest';
import { DATE_FORMAT_COUNT, generateDates } from './dates';

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
});
