import { types } from 'pg';
import { parseJsonTimestamptz, parseTimestamptz } from '../../server/db/timestamps';

// pg's default parser (postgres-date): nothing in this test has replaced it.
const parseDate = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => unknown;

/** server/db/timestamps.ts must make exactly the Date pg's own parser makes. */
function same(text: string): void {
  const expected = parseDate(text) as Date | number | null;
  const actual = parseTimestamptz(text) as Date | number | null;
  const value = (v: Date | number | null) => (v instanceof Date ? ['date', v.getTime()] : ['other', v]);
  expect([text, ...value(actual)]).toEqual([text, ...value(expected)]);
}

describe('parseTimestamptz', () => {
  it('is compared with pg’s own parser, not with itself', () => {
    expect(parseDate).not.toBe(parseTimestamptz);
    expect(parseDate('infinity')).toBe(Infinity);
  });

  it.each([
    '2026-11-23 10:15:00+00',
    '2026-11-23 10:15:00.1+00',
    '2026-11-23 10:15:00.123456+00',
    '2026-11-23 23:59:59.999999+05:30',
    '2026-03-29 02:30:00-09:30',
    '1970-01-01 00:00:00+00',
    '2000-02-29 12:00:00.5-01',
  ])('reads %s by position', (text) => same(text));

  it.each([
    '0099-01-01 00:00:00+00',
    '0001-01-01 00:00:00+00 BC',
    '12026-11-23 10:15:00+00',
    '1890-01-01 00:00:00+00:19:32',
    'infinity',
    '-infinity',
    '2026-11-23 10:15:00.+00',
    '2026-11-23 10:15:00Z',
    '2026-11-23',
  ])('answers %s as postgres-date does', (text) => same(text));

  it('agrees with postgres-date on 5 000 generated timestamps', () => {
    for (const text of generated(' ')) same(text);
  });
});

/** Timestamps as PostgreSQL writes them, date and time separated by `separator`. */
function generated(separator: string, count = 5000): string[] {
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const texts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const fraction = next(3) === 0 ? '' : `.${pad(next(1_000_000), 6).slice(0, 1 + next(6))}`;
    const offset = [`+00`, `-${pad(next(13), 2)}`, `+${pad(next(15), 2)}:${pad(next(4) * 15, 2)}`][next(3)];
    texts.push(
      `${pad(1900 + next(200), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(28), 2)}${separator}${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}${fraction}${offset}`,
    );
  }
  return texts;
}

/** The same instant TypeORM makes of a timestamp inside JSON: `new Date(text)`. */
function sameAsNewDate(text: string): void {
  const actual = parseJsonTimestamptz(text);
  expect([text, actual instanceof Date, actual.getTime()]).toEqual([text, true, new Date(text).getTime()]);
}

describe('parseJsonTimestamptz', () => {
  it.each([
    '2026-11-23T10:15:00+00:00',
    '2026-11-23T10:15:00.123456+00:00',
    '2026-11-23T23:59:59.999999+05:30',
    '2026-03-29T02:30:00-09:30',
  ])('reads %s by position', (text) => sameAsNewDate(text));

  it.each(['2026-11-23T10:15:00Z', '2026-11-23', '0099-01-01T00:00:00+00:00', 'not a date'])(
    'answers %s as new Date does',
    (text) => {
      const actual = parseJsonTimestamptz(text).getTime();
      const expected = new Date(text).getTime();
      expect([text, Number.isNaN(actual) ? 'NaN' : actual]).toEqual([text, Number.isNaN(expected) ? 'NaN' : expected]);
    },
  );

  it('agrees with new Date on 5 000 generated timestamps as to_json writes them', () => {
    // to_json writes offsets as +hh:mm.
    for (const text of generated('T')) sameAsNewDate(text.replace(/([+-]\d\d)$/, '$1:00'));
  });
});
