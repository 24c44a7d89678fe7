import { today } from '../../server/today';

describe('today (the day in Amsterdam)', () => {
  it('turns at midnight in Amsterdam, winter (UTC+1) and summer (UTC+2)', () => {
    expect(today(Date.parse('2026-01-15T22:59:59.999Z'))).toBe('2026-01-15');
    expect(today(Date.parse('2026-01-15T23:00:00.000Z'))).toBe('2026-01-16');
    expect(today(Date.parse('2026-07-15T21:59:59.999Z'))).toBe('2026-07-15');
    expect(today(Date.parse('2026-07-15T22:00:00.000Z'))).toBe('2026-07-16');
  });

  it('follows the clock backwards and within the hour it remembered', () => {
    expect(today(Date.parse('2026-03-01T12:30:00Z'))).toBe('2026-03-01');
    expect(today(Date.parse('2026-02-28T12:30:00Z'))).toBe('2026-02-28');
    expect(today(Date.parse('2026-02-28T22:59:00Z'))).toBe('2026-02-28');
    expect(today(Date.parse('2026-02-28T22:00:00Z'))).toBe('2026-02-28');
    expect(today(Date.parse('2026-02-28T23:00:00Z'))).toBe('2026-03-01');
  });

  it('is the day of the moment asked, across the clock changes of March and October', () => {
    // 29 March 2026: clocks go from 02:00 CET to 03:00 CEST (01:00 UTC); 25 October back (01:00 UTC).
    expect(today(Date.parse('2026-03-28T22:59:00Z'))).toBe('2026-03-28');
    expect(today(Date.parse('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(today(Date.parse('2026-03-29T21:59:00Z'))).toBe('2026-03-29');
    expect(today(Date.parse('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    expect(today(Date.parse('2026-10-24T21:59:00Z'))).toBe('2026-10-24');
    expect(today(Date.parse('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(today(Date.parse('2026-10-25T22:59:00Z'))).toBe('2026-10-25');
    expect(today(Date.parse('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('defaults to now', () => {
    expect(today()).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()));
  });
});
