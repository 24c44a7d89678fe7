/** Days are Dutch days: a day (an `asOf`, a publication date) ends at midnight in Amsterdam. */
export const TIME_ZONE = 'Europe/Amsterdam';

/** Today in Amsterdam, as YYYY-MM-DD: the default `asOf` everywhere, and the day the response cache keys on. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
}
