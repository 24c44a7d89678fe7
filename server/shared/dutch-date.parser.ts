import { DatePrecision } from '../../entities/fuzzy-date';

/** A parsed fuzzy date; the same shape as the FuzzyDate embeddable. */
export interface ParsedFuzzyDate {
  label: string;
  earliest: string;
  latest: string;
  precision: DatePrecision;
}

export class DutchDateParseError extends Error {
  constructor(readonly label: string) {
    super(`“${label}” is not a date this platform can read.`);
    this.name = 'DutchDateParseError';
  }
}

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1,
  februari: 2, feb: 2,
  maart: 3, mrt: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  augustus: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
}; // prettier-ignore

const ORDINALS: Record<string, number> = {
  eerste: 1,
  '1e': 1,
  tweede: 2,
  '2e': 2,
  derde: 3,
  '3e': 3,
  vierde: 4,
  '4e': 4,
};

/** Seasons as the seed data reads them; “winter” spans two years and is refused as ambiguous. */
const SEASONS: Record<string, [number, number]> = {
  voorjaar: [3, 5],
  lente: [3, 5],
  zomer: [6, 8],
  najaar: [9, 11],
  herfst: [9, 11],
};

const MONTH = Object.keys(MONTHS).join('|');
// Four digits from 1000: a year below that is a typo here, and JavaScript's Date.UTC would read 0–99 as 1900–1999.
const YEAR = String.raw`([1-9]\d{3}|'\d{2})`;

type Span = Omit<ParsedFuzzyDate, 'label'>;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function day(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function months(y: number, from: number, to: number, precision: DatePrecision): Span {
  return { earliest: day(y, from, 1), latest: day(y, to, lastDay(y, to)), precision };
}

function year(text: string): number {
  return text.startsWith("'") ? 2000 + Number(text.slice(1)) : Number(text);
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day of the first half of a period (30 June for June–July). */
function middleOf(earliest: string, latest: string): string {
  const days = Math.round((Date.parse(`${latest}T00:00:00Z`) - Date.parse(`${earliest}T00:00:00Z`)) / 86_400_000) + 1;
  return addDays(earliest, Math.floor(days / 2) - 1);
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
}

/** One point or period: a day, month, quarter, half year, season, “begin/medio/eind”, or a year. */
function atom(text: string): Span | null {
  let m: RegExpExecArray | null;
  if ((m = /^([1-9]\d{3})-(\d{2})-(\d{2})$/.exec(text))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? { earliest: text, latest: text, precision: DatePrecision.DAY } : null;
  }
  if ((m = new RegExp(`^(\\d{1,2}) (${MONTH}) (?:van )?${YEAR}$`).exec(text))) {
    const [y, mo, d] = [year(m[3]!), MONTHS[m[2]!]!, Number(m[1])];
    if (!validDay(y, mo, d)) return null;
    const date = day(y, mo, d);
    return { earliest: date, latest: date, precision: DatePrecision.DAY };
  }
  if ((m = new RegExp(`^(?:(?:begin|medio|half|eind|einde) )?(${MONTH}) (?:van )?${YEAR}$`).exec(text))) {
    const mo = MONTHS[m[1]!]!;
    return months(year(m[2]!), mo, mo, DatePrecision.MONTH);
  }
  if ((m = new RegExp(`^q([1-4]) ${YEAR}$`).exec(text)) || (m = new RegExp(`^${YEAR} q([1-4])$`).exec(text))) {
    const [q, y] = /^q/.test(text) ? [Number(m[1]), year(m[2]!)] : [Number(m[2]), year(m[1]!)];
    return months(y, q * 3 - 2, q * 3, DatePrecision.QUARTER);
  }
  if ((m = new RegExp(`^(eerste|tweede|derde|vierde|[1-4]e) kwartaal (?:van )?${YEAR}$`).exec(text))) {
    const q = ORDINALS[m[1]!]!;
    return months(year(m[2]!), q * 3 - 2, q * 3, DatePrecision.QUARTER);
  }
  if (
    (m = new RegExp(`^(eerste|tweede|derde|[1-3]e) en (tweede|derde|vierde|[2-4]e) kwartaal (?:van )?${YEAR}$`).exec(
      text,
    ))
  ) {
    const [from, to] = [ORDINALS[m[1]!]!, ORDINALS[m[2]!]!];
    return from < to ? months(year(m[3]!), from * 3 - 2, to * 3, DatePrecision.RANGE) : null;
  }
  if ((m = new RegExp(`^(eerste|tweede|1e|2e) (?:helft|halfjaar) (?:van )?${YEAR}$`).exec(text))) {
    const h = ORDINALS[m[1]!]!;
    return months(year(m[2]!), h * 6 - 5, h * 6, DatePrecision.HALF);
  }
  if ((m = new RegExp(`^h([12]) ${YEAR}$`).exec(text))) {
    const h = Number(m[1]);
    return months(year(m[2]!), h * 6 - 5, h * 6, DatePrecision.HALF);
  }
  if ((m = new RegExp(`^(voorjaar|lente|zomer|najaar|herfst) (?:van )?${YEAR}$`).exec(text))) {
    const [from, to] = SEASONS[m[1]!]!;
    return months(year(m[2]!), from, to, DatePrecision.SEASON);
  }
  if ((m = new RegExp(`^begin (?:van )?${YEAR}$`).exec(text))) return months(year(m[1]!), 1, 3, DatePrecision.QUARTER);
  if ((m = new RegExp(`^(?:eind|einde) (?:van )?${YEAR}$`).exec(text)))
    return months(year(m[1]!), 10, 12, DatePrecision.QUARTER);
  if ((m = new RegExp(`^(?:medio|midden) ${YEAR}$`).exec(text))) return months(year(m[1]!), 6, 7, DatePrecision.RANGE);
  if ((m = new RegExp(`^${YEAR}$`).exec(text))) return months(year(m[1]!), 1, 12, DatePrecision.YEAR);
  return null;
}

/** Words that do not change the date: “in het derde kwartaal”, “vanaf 2027”, “per 2028”, “op 1 mei 2024”. */
function stripLeadingWords(text: string): string {
  return text.replace(
    /^(?:(?:gepland|verwacht|in|vanaf|per|sinds|rond|omstreeks|op|tegen) (?:het |de )?(?:periode )?)+/,
    '',
  );
}

/** “Q2 '25 – Q1 '26”, “2018-2022”, “van 2016 tot en met 2019”, “juni t/m augustus 2025”. */
function span(text: string): Span | null {
  const m = /^(?:van )?(.+?) ?(-| tot en met | t\/m | tot | en ) ?(.+)$/.exec(text);
  if (!m) return null;
  const rightText = stripLeadingWords(m[3]!);
  const right = atom(rightText);
  if (!right) return null;
  const leftText = stripLeadingWords(m[1]!);
  // “Q3-2027”, “juni-2026”, “H1-2027”: a hyphen before a bare year is the year of what precedes it, not a
  // span to the end of that year.
  if (m[2] === '-' && new RegExp(`^${YEAR}$`).test(rightText) && !atom(leftText))
    return atom(`${leftText} ${rightText}`);
  const left = atom(leftText) ?? atom(`${leftText} ${right.latest.slice(0, 4)}`);
  if (!left || left.earliest > right.latest) return null;
  return { earliest: left.earliest, latest: right.latest, precision: DatePrecision.RANGE };
}

/**
 * Reads a Dutch date label as the seed data does (server/db/seed/data/README.md): begin = first
 * quarter, eind = last quarter, medio = June–July, zomer = June–August, and a deadline (“uiterlijk”,
 * “vóór”) runs from the reference date to the deadline. “vóór <dag>” includes that day, as the data
 * reads “vóór 1 juli 2023”; “vóór <periode>” ends the day before the period starts. Relative words
 * (“dit jaar”, “komend jaar”, “deze zomer”) are read against the reference date (YYYY-MM-DD).
 */
export function parseDutchDate(label: string, referenceDate: string): ParsedFuzzyDate {
  const original = label.trim();
  const refYear = Number(referenceDate.slice(0, 4));
  const text = original
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\((\d{4})\)/g, ' $1')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\b(?:dit|deze|dit kalender) jaar\b/g, String(refYear))
    .replace(/\b(?:komend|volgend) jaar\b/g, String(refYear + 1))
    .replace(/\bvorig jaar\b/g, String(refYear - 1))
    .replace(/\b(?:dit|deze) (voorjaar|lente|zomer|najaar|herfst)\b/g, `$1 ${refYear}`)
    .replace(/[.,;:]+$/, '')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) throw new DutchDateParseError(original);

  const deadline = /^(uiterlijk|voor|niet later dan) (?:de |het )?(.+)$/.exec(text);
  if (deadline) {
    const targetText = stripLeadingWords(deadline[2]!);
    const target = atom(targetText);
    if (!target) throw new DutchDateParseError(original);
    // "vóór <period>" ends the day before the period, but "eind" and "medio" name a moment, not a period:
    // "vóór eind 2026" is by the end of 2026, "vóór medio 2026" by the middle of it.
    const moment = /^(eind|medio)\b/.exec(targetText)?.[1];
    const latest =
      deadline[1] !== 'voor' || target.precision === DatePrecision.DAY
        ? target.latest
        : moment === 'eind'
          ? target.latest
          : moment === 'medio'
            ? middleOf(target.earliest, target.latest)
            : addDays(target.earliest, -1);
    const earliest = referenceDate <= latest ? referenceDate : latest;
    return { label: original, earliest, latest, precision: DatePrecision.RANGE };
  }

  const stripped = stripLeadingWords(text);
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(stripped) ? atom(stripped) : (atom(stripped) ?? span(stripped));
  if (!parsed) throw new DutchDateParseError(original);
  return { label: original, ...parsed };
}
