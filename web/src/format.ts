import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { nl, type MessageId } from './messages';

/** Numbers and days are written the Dutch way in both languages (1.234; 05-12-2026). */
const numberFormat = new Intl.NumberFormat('nl-NL');
const dayFormat = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});
const timeFormat = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
});

export const formatNumber = (n: number): string => numberFormat.format(n);

/** A LocalDate (YYYY-MM-DD) as a Dutch day. */
export const formatDay = (day: string): string => dayFormat.format(new Date(`${day}T00:00:00Z`));

/** A moment (ISO date-time) as a Dutch day and time in Amsterdam. */
export const formatMoment = (iso: string): string => timeFormat.format(new Date(iso));

/** Today in Amsterdam as YYYY-MM-DD. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The message lookup of the current language; the same function until the language changes. */
export function useT() {
  const intl = useIntl();
  return useCallback(
    (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values),
    [intl],
  );
}

/**
 * The wording of an API code under `prefix` (`audit.action.` + `CONFIRM`), or the code itself when the
 * dashboard has none: the API may add codes before the dashboard words them.
 */
export function codeLabel(t: ReturnType<typeof useT>, prefix: string, code: string): string {
  const id = `${prefix}${code}`;
  return id in nl ? t(id as MessageId) : code;
}

/** A party as the pages name it: its short name where it has one. */
export interface PartyRef {
  id: string;
  name: string;
  shortName: string | null;
}

export const partyName = (p: PartyRef | null | undefined, none = '—') => (p ? (p.shortName ?? p.name) : none);
