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

/** The ISO date field a piece of the written date spells. */
type DateField = 'year' | 'month' | 'day';

/** A run of the written date: the text, and the field it spells (none for separators and weekdays). */
interface Piece {
  text: string;
  field?: DateField;
}

type DateFormat = (date: CalendarDate) => Piece[];

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthName = (d: CalendarDate) => MONTHS[d.month - 1] as string;
const weekdayName = (d: CalendarDate) => WEEKDAYS[d.weekday] as string;

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
  return `${day}${suffix}`;
}

// Pieces, by field.
const text = (value: string): Piece => ({ text: value });
const year = (d: CalendarDate): Piece => ({ text: String(d.year), field: 'year' });
const shortYear = (d: CalendarDate): Piece => ({ text: pad2(d.year % 100), field: 'year' });
const month = (d: CalendarDate): Piece => ({ text: String(d.month), field: 'month' });
const month2 = (d: CalendarDate): Piece => ({ text: pad2(d.month), field: 'month' });
const monthWord = (value: string): Piece => ({ text: value, field: 'month' });
const day = (d: CalendarDate): Piece => ({ text: String(d.day), field: 'day' });
const day2 = (d: CalendarDate): Piece => ({ text: pad2(d.day), field: 'day' });
const dayOrdinal = (d: CalendarDate): Piece => ({ text: ordinal(d.day), field: 'day' });
const weekday = (value: string): Piece => text(value);
const longMonth = (d: CalendarDate) => monthWord(monthName(d));
const shortMonth = (d: CalendarDate) => monthWord(monthName(d).slice(0, 3));
const shortWeekday = (d: CalendarDate) => weekday(weekdayName(d).slice(0, 3));
const lower = (piece: Piece): Piece => ({ ...piece, text: piece.text.toLowerCase() });
const upper = (piece: Piece): Piece => ({ ...piece, text: piece.text.toUpperCase() });

/**
 * Every format is unambiguous on its own: slashes are always month/day/year
 * (US), dots always day.month.year, and two-digit years always fall in
 * [1950, 2049], so the ISO date is a function of the written one.
 */
const FORMATS: readonly DateFormat[] = [
  (d) => [longMonth(d), text(' '), day(d), text(', '), year(d)],
  (d) => [lower(longMonth(d)), text(' '), day(d), text(' '), year(d)],
  (d) => [upper(longMonth(d)), text(' '), day(d), text(', '), year(d)],
  (d) => [day(d), text(' '), longMonth(d), text(' '), year(d)],
  (d) => [day2(d), text(' '), longMonth(d), text(' '), year(d)],
  (d) => [day(d), text(' '), shortMonth(d), text(' '), year(d)],
  (d) => [shortMonth(d), text(' '), day(d), text(', '), year(d)],
  (d) => [lower(shortMonth(d)), text(' '), day2(d), text(' '), shortYear(d)],
  (d) => [
    weekday(weekdayName(d)),
    text(', '),
    longMonth(d),
    text(' '),
    day(d),
    text(', '),
    year(d),
  ],
  (d) => [shortWeekday(d), text(', '), day(d), text(' '), shortMonth(d), text(' '), year(d)],
  (d) => [
    lower(weekday(weekdayName(d))),
    text(' '),
    dayOrdinal(d),
    text(' '),
    lower(longMonth(d)),
    text(' '),
    year(d),
  ],
  (d) => [dayOrdinal(d), text(' of '), longMonth(d), text(' '), year(d)],
  (d) => [text('the '), dayOrdinal(d), text(' of '), longMonth(d), text(', '), year(d)],
  (d) => [longMonth(d), text(' '), dayOrdinal(d), text(', '), year(d)],
  (d) => [month(d), text('/'), day(d), text('/'), year(d)],
  (d) => [month2(d), text('/'), day2(d), text('/'), year(d)],
  (d) => [month(d), text('/'), day(d), text('/'), shortYear(d)],
  (d) => [day2(d), text('.'), month2(d), text('.'), year(d)],
  (d) => [day(d), text('.'), month(d), text('.'), year(d)],
  (d) => [year(d), text('/'), month2(d), text('/'), day2(d)],
  (d) => [year(d), text('.'), month(d), text('.'), day(d)],
  (d) => [day(d), text('-'), shortMonth(d), text('-'), year(d)],
  (d) => [day2(d), text('-'), lower(shortMonth(d)), text('-'), shortYear(d)],
  (d) => [year(d), month2(d), day2(d)],
  (d) => [upper(shortMonth(d)), text(' '), day2(d), text(' '), year(d)],
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

/** Where each field's digits sit in the ISO target `YYYY-MM-DD`. */
const TARGET_FIELDS: Readonly<Record<DateField, { start: number; length: number }>> = {
  year: { start: 0, length: 4 },
  month: { start: 5, length: 2 },
  day: { start: 8, length: 2 },
};

/**
 * A word alignment between the characters of a written date and of its ISO
 * form, as pairs `[targetIndex, sourceIndex]` of character offsets (UTF-16
 * code units; every character of the corpus is ASCII).
 *
 * - `sure`: a target digit and the source digit that writes it (`2021` →
 *   `2021`, `05` → `05`; a short `5` or `21` aligns with the last target
 *   digits).
 * - `possible` (⊇ `sure`): every target digit of a field and every source
 *   character of the piece that spells it (a month name, an ordinal such as
 *   `3rd`, an unpadded number, a two-digit year).
 *
 * The dashes of the target and the source's separators and weekdays are
 * aligned to nothing (the weekday follows from the date).
 */
export interface DateAlignment {
  sure: [number, number][];
  possible: [number, number][];
}

/** A dates pair with its alignment. */
export interface AlignedDatePair extends SentencePair {
  alignment: DateAlignment;
}

function align(pieces: readonly Piece[]): DateAlignment {
  const sure: [number, number][] = [];
  const possible: [number, number][] = [];
  let offset = 0;
  for (const piece of pieces) {
    if (piece.field) {
      const target = TARGET_FIELDS[piece.field];
      // The piece's leading digits (none in a month name) write the field's last digits.
      const writtenDigits = /^\d*/.exec(piece.text)?.[0].length ?? 0;
      for (let k = 0; k < target.length; k++) {
        const fromRight = target.length - 1 - k;
        for (let j = 0; j < piece.text.length; j++) {
          possible.push([target.start + k, offset + j]);
        }
        if (fromRight < writtenDigits) {
          sure.push([target.start + k, offset + writtenDigits - 1 - fromRight]);
        }
      }
    }
    offset += piece.text.length;
  }
  return { sure, possible };
}

/**
 * `size` distinct human-written dates (many formats, 1950–2049) paired with
 * their ISO `YYYY-MM-DD` form and the character alignment between the two,
 * known by construction (see `DateAlignment`). Deterministic for a given
 * seed; the pairs are those of `generateDates(size, seed)`.
 */
export function generateAlignedDates(size: number, seed: number): AlignedDatePair[] {
  const random = new Random(seed).fork('dates');
  const seen = new Set<string>();
  const pairs: AlignedDatePair[] = [];
  while (pairs.length < size) {
    const date = dateFromDayIndex(random.int(DAY_COUNT));
    const format = FORMATS[random.int(FORMATS.length)] as DateFormat;
    const pieces = format(date);
    const source = pieces.map((piece) => piece.text).join('');
    if (seen.has(source)) continue;
    seen.add(source);
    pairs.push({ source, target: iso(date), alignment: align(pieces) });
  }
  return pairs;
}

/**
 * `size` distinct human-written dates (many formats, 1950–2049) paired with
 * their ISO `YYYY-MM-DD` form. Deterministic for a given seed.
 */
export function generateDates(size: number, seed: number): SentencePair[] {
  return generateAlignedDates(size, seed).map(({ source, target }) => ({ source, target }));
}

/** The most distinct pairs `generateDates` can produce. */
export const DATES_MAX_SIZE = DAY_COUNT * FORMATS.length;
