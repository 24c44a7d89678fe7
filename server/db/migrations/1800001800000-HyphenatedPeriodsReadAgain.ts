import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every fuzzy date column: table and the prefix of its label, earliest, latest and precision columns. */
const FUZZY_DATES = [
  ['deliverable', 'due'],
  ['deliverable', 'start'],
  ['milestone', 'due'],
  ['assessment_condition', 'due'],
  ['package_assessment', 'decision_date'],
  ['programme', 'period'],
  ['research_agenda', 'period'],
  ['research_agenda', 'due'],
  ['research_project', 'start'],
  ['research_project', 'end'],
] as const;

// Frozen: the reading of Dutch date labels as server/shared/dutch-date.parser.ts had it when this migration was
// written (commit 8a0798e), cut to what this migration reaches. A migration means the same on every database it
// ever runs on; do not follow later changes of the parser here.

type Precision = 'DAY' | 'MONTH' | 'QUARTER' | 'HALF' | 'SEASON' | 'YEAR' | 'RANGE';
type Span = { earliest: string; latest: string; precision: Precision };

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
  eerste: 1, '1e': 1,
  tweede: 2, '2e': 2,
  derde: 3, '3e': 3,
  vierde: 4, '4e': 4,
}; // prettier-ignore

const SEASONS: Record<string, [number, number]> = {
  voorjaar: [3, 5],
  lente: [3, 5],
  zomer: [6, 8],
  najaar: [9, 11],
  herfst: [9, 11],
};

const MONTH = Object.keys(MONTHS).join('|');
const YEAR = String.raw`([1-9]\d{3}|'\d{2})`;

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDay = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
const year = (text: string) => (text.startsWith("'") ? 2000 + Number(text.slice(1)) : Number(text));

function months(y: number, from: number, to: number, precision: Precision): Span {
  return { earliest: day(y, from, 1), latest: day(y, to, lastDay(y, to)), precision };
}

/**
 * One point or period. Without the parser's ISO day (“2026-06-01”): split at its first hyphen, such a label
 * never reaches here whole.
 */
function atom(text: string): Span | null {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^(\\d{1,2}) (${MONTH}) (?:van )?${YEAR}$`).exec(text))) {
    const [y, mo, d] = [year(m[3]!), MONTHS[m[2]!]!, Number(m[1])];
    if (!validDay(y, mo, d)) return null;
    return { earliest: day(y, mo, d), latest: day(y, mo, d), precision: 'DAY' };
  }
  if ((m = new RegExp(`^(?:(?:begin|medio|half|eind|einde) )?(${MONTH}) (?:van )?${YEAR}$`).exec(text))) {
    const mo = MONTHS[m[1]!]!;
    return months(year(m[2]!), mo, mo, 'MONTH');
  }
  if ((m = new RegExp(`^q([1-4]) ${YEAR}$`).exec(text)) || (m = new RegExp(`^${YEAR} q([1-4])$`).exec(text))) {
    const [q, y] = /^q/.test(text) ? [Number(m[1]), year(m[2]!)] : [Number(m[2]), year(m[1]!)];
    return months(y, q * 3 - 2, q * 3, 'QUARTER');
  }
  if ((m = new RegExp(`^(eerste|tweede|derde|vierde|[1-4]e) kwartaal (?:van )?${YEAR}$`).exec(text))) {
    const q = ORDINALS[m[1]!]!;
    return months(year(m[2]!), q * 3 - 2, q * 3, 'QUARTER');
  }
  if (
    (m = new RegExp(`^(eerste|tweede|derde|[1-3]e) en (tweede|derde|vierde|[2-4]e) kwartaal (?:van )?${YEAR}$`).exec(
      text,
    ))
  ) {
    const [from, to] = [ORDINALS[m[1]!]!, ORDINALS[m[2]!]!];
    return from < to ? months(year(m[3]!), from * 3 - 2, to * 3, 'RANGE') : null;
  }
  if ((m = new RegExp(`^(eerste|tweede|1e|2e) (?:helft|halfjaar) (?:van )?${YEAR}$`).exec(text))) {
    const h = ORDINALS[m[1]!]!;
    return months(year(m[2]!), h * 6 - 5, h * 6, 'HALF');
  }
  if ((m = new RegExp(`^h([12]) ${YEAR}$`).exec(text))) {
    const h = Number(m[1]);
    return months(year(m[2]!), h * 6 - 5, h * 6, 'HALF');
  }
  if ((m = new RegExp(`^(voorjaar|lente|zomer|najaar|herfst) (?:van )?${YEAR}$`).exec(text))) {
    const [from, to] = SEASONS[m[1]!]!;
    return months(year(m[2]!), from, to, 'SEASON');
  }
  if ((m = new RegExp(`^begin (?:van )?${YEAR}$`).exec(text))) return months(year(m[1]!), 1, 3, 'QUARTER');
  if ((m = new RegExp(`^(?:eind|einde) (?:van )?${YEAR}$`).exec(text))) return months(year(m[1]!), 10, 12, 'QUARTER');
  if ((m = new RegExp(`^(?:medio|midden) ${YEAR}$`).exec(text))) return months(year(m[1]!), 6, 7, 'RANGE');
  if ((m = new RegExp(`^${YEAR}$`).exec(text))) return months(year(m[1]!), 1, 12, 'YEAR');
  return null;
}

function stripLeadingWords(text: string): string {
  return text.replace(
    /^(?:(?:gepland|verwacht|in|vanaf|per|sinds|rond|omstreeks|op|tegen) (?:het |de )?(?:periode )?)+/,
    '',
  );
}

function span(text: string): Span | null {
  const m = /^(?:van )?(.+?) ?(-| tot en met | t\/m | tot | en ) ?(.+)$/.exec(text);
  if (!m) return null;
  const rightText = stripLeadingWords(m[3]!);
  const right = atom(rightText);
  if (!right) return null;
  const leftText = stripLeadingWords(m[1]!);
  if (m[2] === '-' && new RegExp(`^${YEAR}$`).test(rightText) && !atom(leftText))
    return atom(`${leftText} ${rightText}`);
  const left = atom(leftText) ?? atom(`${leftText} ${right.latest.slice(0, 4)}`);
  if (!left || left.earliest > right.latest) return null;
  return { earliest: left.earliest, latest: right.latest, precision: 'RANGE' };
}

/**
 * A label as the parser read it then, or null where it read none. The labels this migration selects end in
 * “-<year>”, which no single period reads, so only the span reading remains; a deadline (“uiterlijk …”) was
 * always a RANGE, which this migration leaves as it is.
 */
function readHyphenatedLabel(label: string, referenceDate: string): Span | null {
  const refYear = Number(referenceDate.slice(0, 4));
  const text = label
    .trim()
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
  if (/^(uiterlijk|voor|niet later dan) (?:de |het )?(.+)$/.test(text)) return null;
  return span(stripLeadingWords(text));
}

/**
 * “Q3-2027”, “juni-2026” and “H1-2027” were read as spans from the period to the end of the year (RANGE).
 * The parser now reads a hyphen before a bare year as that period's year; dates stored from such labels are
 * read again. Only those the change concerns are rewritten: stored as a RANGE from the same first day, now
 * read as the period itself.
 */
export class HyphenatedPeriodsReadAgain1800001800000 implements MigrationInterface {
  name = 'HyphenatedPeriodsReadAgain1800001800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, prefix] of FUZZY_DATES) {
      const rows: { id: string; label: string; earliest: string; day: string }[] = await queryRunner.query(
        `SELECT id, "${prefix}_label" AS label, "${prefix}_earliest"::text AS earliest, created_at::date::text AS day
           FROM "${table}"
          WHERE "${prefix}_precision" = 'RANGE' AND "${prefix}_label" ~ '-\\s*(\\d{4}|''\\d{2})\\s*$'`,
      );
      for (const row of rows) {
        const read = readHyphenatedLabel(row.label, row.day);
        if (!read || read.precision === 'RANGE' || read.earliest !== row.earliest) continue;
        await queryRunner.query(
          `UPDATE "${table}" SET "${prefix}_latest" = $2, "${prefix}_precision" = $3 WHERE id = $1`,
          [row.id, read.latest, read.precision],
        );
      }
    }
  }

  public async down(): Promise<void> {
    // The earlier reading was wrong; nothing to restore.
  }
}
