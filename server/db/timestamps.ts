import { types } from 'pg';

type Parse = (text: string) => unknown;

/** pg's own parser (postgres-date): BC years, infinity, years below 100, offsets with seconds. */
const parseAnyTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as Parse;

/** The value of the decimal digits text[from, to), or -1 if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The instant of a `timestamptz` in the form PostgreSQL writes it, read by position: date and time
 * separated by `separator` (a space in a row, `T` in JSON), optional fraction, offset `+00` or `+05:30`.
 * NaN for anything else, which the callers hand to a parser that knows every form.
 */
function positionalTime(text: string, separator: number): number {
  const length = text.length;
  if (
    length < 22 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== separator ||
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  )
    return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  // Years below 100 need postgres-date's correction of Date.UTC's 1900s.
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return NaN;
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    // .
    let end = at + 1;
    while (end < length && digits(text, end, end + 1) >= 0) end += 1;
    if (end === at + 1) return NaN;
    ms = 1000 * parseFloat(text.slice(at, end));
    at = end;
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return NaN; // + or -
  const offsetHours = digits(text, at + 1, at + 3);
  let offsetMinutes = 0;
  if (length === at + 6 && text.charCodeAt(at + 3) === 58) offsetMinutes = digits(text, at + 4, at + 6);
  else if (length !== at + 3) return NaN;
  if (offsetHours < 0 || offsetMinutes < 0) return NaN;
  const offsetMs = (sign === 45 ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60) * 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
}

/**
 * A `timestamptz` of a row (`2026-11-23 10:15:00.123456+00`) read by position, the same Date
 * postgres-date makes; anything else goes to postgres-date itself. postgres-date runs three regular
 * expressions per value, and a page of records carries two or three timestamps each: it was a few
 * percent of an uncached answer's CPU (BENCHMARKS.md).
 */
export function parseTimestamptz(text: string): unknown {
  const time = positionalTime(text, 32);
  return Number.isNaN(time) ? parseAnyTimestamptz(text) : new Date(time);
}

/**
 * A `timestamptz` inside JSON (`2026-11-23T10:15:00.123456+00:00`, as PostgreSQL's to_json writes it)
 * read by position; anything else as TypeORM reads it, with `new Date(text)`, which gives the same Date.
 */
export function parseJsonTimestamptz(text: string): Date {
  const time = positionalTime(text, 84);
  return new Date(Number.isNaN(time) ? text : time);
}

/** Every pg connection of this process reads timestamptz through parseTimestamptz. */
export function useFastTimestamps(): void {
  types.setTypeParser(types.builtins.TIMESTAMPTZ, parseTimestamptz);
}
