import { Random } from '@heed/core';
import type { SentencePair } from '../types';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The first and last year the generator draws from; two-digit years map into this range. */
export const DATES_FIRST_YEAR = 1950;
export const DATES_LAST_YEAR = 2049;

interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  weekday: number; // 0 = Sunday
}

type DateFormat = (date: CalendarDate) => string;

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthName = (d: CalendarDate) => MONTHS[d.month - 1] as string;
const shortMonth = (d: CalendarDate) => monthName(d).slice(0, 3);
const weekdayName = (d: CalendarDate) => WEEKDAYS[d.weekday] as string;
const shortWeekday = (d: CalendarDate) => weekdayName(d).slice(0, 3);
const shortYear = (d: CalendarDate) => pad2(d.year % 100);

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
  return `${day}${suffix}`;
}

/**
 * Every format is unambiguous on its own: slashes are always month/day/year
 * (US), dots always day.month.year, and two-digit years always fall in
 * [1950, 2049], so the ISO date is a function of the written one.
 */
const FORMATS: readonly DateFormat[] = [
  (d) => `${monthName(d)} ${d.day}, ${d.year}`,
  (d) => `${monthName(d).toLowerCase()} ${d.day} ${d.year}`,
  (d) => `${monthName(d).toUpperCase()} ${d.day}, ${d.year}`,
  (d) => `${d.day} ${monthName(d)} ${d.year}`,
  (d) => `${pad2(d.day)} ${monthName(d)} ${d.year}`,
  (d) => `${d.day} ${shortMonth(d)} ${d.year}`,
  (d) => `${shortMonth(d)} ${d.day}, ${d.year}`,
  (d) => `${shortMonth(d).toLowerCase()} ${pad2(d.day)} ${shortYear(d)}`,
  (d) => `${weekdayName(d)}, ${monthName(d)} ${d.day}, ${d.year}`,
  (d) => `${shortWeekday(d)}, ${d.day} ${shortMonth(d)} ${d.year}`,
  (d) =>
    `${weekdayName(d).toLowerCase()} ${ordinal(d.day)} ${monthName(d).toLowerCase()} ${d.year}`,
  (d) => `${ordinal(d.day)} of ${monthName(d)} ${d.year}`,
  (d) => `the ${ordinal(d.day)} of ${monthName(d)}, ${d.year}`,
  (d) => `${monthName(d)} ${ordinal(d.day)}, ${d.year}`,
  (d) => `${d.month}/${d.day}/${d.year}`,
  (d) => `${pad2(d.month)}/${pad2(d.day)}/${d.year}`,
  (d) => `${d.month}/${d.day}/${shortYear(d)}`,
  (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`,
  (d) => `${d.day}.${d.month}.${d.year}`,
  (d) => `${d.year}/${pad2(d.month)}/${pad2(d.day)}`,
  (d) => `${d.year}.${d.month}.${d.day}`,
  (d) => `${d.day}-${shortMonth(d)}-${d.year}`,
  (d) => `${pad2(d.day)}-${shortMonth(d).toLowerCase()}-${shortYear(d)}`,
  (d) => `${d.year}${pad2(d.month)}${pad2(d.day)}`,
  (d) => `${shortMonth(d).toUpperCase()} ${pad2(d.day)} ${d.year}`,
];

/** Number of distinct written formats the generator uses. */
export const DATE_FORMAT_COUNT = FORMATS.length;

function dateFromDayIndex(index: number): CalendarDate {
  const time = Date.UTC(DATES_FIRST_YEAR, 0, 1) + index * 86_400_000;
  const date = new Date(time);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

const DAY_COUNT = Math.round(
  (Date.UTC(DATES_LAST_YEAR + 1, 0, 1) - Date.UTC(DATES_FIRST_YEAR, 0, 1)) / 86_400_000,
);

/** Formats a date as ISO `YYYY-MM-DD`. */
function iso(date: CalendarDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/**
 * `size` distinct human-written dates (many formats, 1950–2049) paired with
 * their ISO `YYYY-MM-DD` form. Deterministic for a given seed.
 */
export function generateDates(size: number, seed: number): SentencePair[] {
  const random = new Random(seed).fork('dates');
  const seen = new Set<string>();
  const pairs: SentencePair[] = [];
  while (pairs.length < size) {
    const date = dateFromDayIndex(random.int(DAY_COUNT));
    const format = FORMATS[random.int(FORMATS.length)] as DateFormat;
    const source = format(date);
    if (seen.has(source)) continue;
    seen.add(source);
    pairs.push({ source, target: iso(date) });
  }
  return pairs;
}

/** The most distinct pairs `generateDates` can produce. */
export const DATES_MAX_SIZE = DAY_COUNT * FORMATS.length;
