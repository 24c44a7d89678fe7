import { DatePrecision } from '../../entities/fuzzy-date';
import { DutchDateParseError, parseDutchDate } from '../../server/shared/dutch-date.parser';
import deliverablesJson from '../../server/db/seed/data/deliverables.json';

const REF = '2025-06-03';

describe('parseDutchDate', () => {
  it.each([
    // quarters
    ['Q3 2025', '2025-07-01', '2025-09-30', DatePrecision.QUARTER],
    ["Q1 '27", '2027-01-01', '2027-03-31', DatePrecision.QUARTER],
    ['derde kwartaal 2025', '2025-07-01', '2025-09-30', DatePrecision.QUARTER],
    ['in het vierde kwartaal van dit jaar', '2025-10-01', '2025-12-31', DatePrecision.QUARTER],
    ['begin 2026', '2026-01-01', '2026-03-31', DatePrecision.QUARTER],
    ['eind 2026', '2026-10-01', '2026-12-31', DatePrecision.QUARTER],
    // medio and seasons
    ['medio 2025', '2025-06-01', '2025-07-31', DatePrecision.RANGE],
    ['zomer 2025', '2025-06-01', '2025-08-31', DatePrecision.SEASON],
    ['deze zomer', '2025-06-01', '2025-08-31', DatePrecision.SEASON],
    ['najaar 2024', '2024-09-01', '2024-11-30', DatePrecision.SEASON],
    // halves, months, days, years
    ['tweede helft 2023', '2023-07-01', '2023-12-31', DatePrecision.HALF],
    ['in de eerste helft van 2021', '2021-01-01', '2021-06-30', DatePrecision.HALF],
    ['september 2024', '2024-09-01', '2024-09-30', DatePrecision.MONTH],
    ['februari 2028', '2028-02-01', '2028-02-29', DatePrecision.MONTH],
    ["sep '22", '2022-09-01', '2022-09-30', DatePrecision.MONTH],
    ['3 juni 2025', '2025-06-03', '2025-06-03', DatePrecision.DAY],
    ['2025-12-01', '2025-12-01', '2025-12-01', DatePrecision.DAY],
    ['2026', '2026-01-01', '2026-12-31', DatePrecision.YEAR],
    ['vanaf 2027', '2027-01-01', '2027-12-31', DatePrecision.YEAR],
    ['komend jaar', '2026-01-01', '2026-12-31', DatePrecision.YEAR],
    // deadlines run from the reference date
    ['uiterlijk begin 2026', REF, '2026-03-31', DatePrecision.RANGE],
    ['vóór 1 juli 2025', REF, '2025-07-01', DatePrecision.RANGE],
    ['uiterlijk 31 december 2025', REF, '2025-12-31', DatePrecision.RANGE],
    ['vóór 2027', REF, '2026-12-31', DatePrecision.RANGE],
    // "eind" and "medio" name a moment: before the end of the year, before the middle of it
    ['vóór eind 2026', REF, '2026-12-31', DatePrecision.RANGE],
    ['voor medio 2026', REF, '2026-06-30', DatePrecision.RANGE],
    ['voor begin 2027', REF, '2026-12-31', DatePrecision.RANGE],
    // spans
    ["Q2 '25 – Q1 '26", '2025-04-01', '2026-03-31', DatePrecision.RANGE],
    ['van 2016 tot en met 2019', '2016-01-01', '2019-12-31', DatePrecision.RANGE],
    ['juni t/m augustus 2026', '2026-06-01', '2026-08-31', DatePrecision.RANGE],
    ['in het tweede en derde kwartaal van dit jaar', '2025-04-01', '2025-09-30', DatePrecision.RANGE],
    // a hyphen before a bare year is that period's year, not a span to the year's end
    ['Q3-2027', '2027-07-01', '2027-09-30', DatePrecision.QUARTER],
    ['juni-2026', '2026-06-01', '2026-06-30', DatePrecision.MONTH],
    ['H1-2027', '2027-01-01', '2027-06-30', DatePrecision.HALF],
    ['Q4 - 2026', '2026-10-01', '2026-12-31', DatePrecision.QUARTER],
    ['2018-2022', '2018-01-01', '2022-12-31', DatePrecision.RANGE],
    // "dit voorjaar" is the Dutch for this spring; a deadline may name "de zomer"
    ['dit voorjaar', '2025-03-01', '2025-05-31', DatePrecision.SEASON],
    ['dit najaar', '2025-09-01', '2025-11-30', DatePrecision.SEASON],
    ['voor de zomer van 2026', REF, '2026-05-31', DatePrecision.RANGE],
  ])('reads “%s” as %s … %s (%s)', (label, earliest, latest, precision) => {
    expect(parseDutchDate(label, REF)).toEqual({ label, earliest, latest, precision });
  });

  it('keeps a deadline that has already passed as a single day rather than an inverted span', () => {
    expect(parseDutchDate('vóór 1 juli 2023', REF)).toMatchObject({ earliest: '2023-07-01', latest: '2023-07-01' });
  });

  it.each([
    '',
    'binnenkort',
    'op termijn',
    'Q5 2025',
    '31 februari 2025',
    'winter 2025',
    'Q3 2026 - Q1 2026',
    '2025-13-01',
    'zomer 0000',
    'medio 0001',
    'Q3 0050',
    '0999',
    '0001-01-01',
    '1 mei 0099',
  ])('refuses “%s”', (label) => {
    expect(() => parseDutchDate(label, REF)).toThrow(DutchDateParseError);
  });

  // The seed data was read by hand with the same rules: the parser must agree wherever it reads a label.
  it('agrees with the hand-read seed dates on every label it reads', () => {
    const knownDifferent = new Set([
      'voor 2022', // the data reads “voor” here as “for 2022”; as a deadline it ends before 2022
      "vanaf Q3 2025 (planningstabel Q3 '25 – Q1 '26)", // the span is in the parenthesis, which the parser drops
    ]);
    let compared = 0;
    for (const record of deliverablesJson as { statusAsOf: string; due?: Record<string, string> | null }[]) {
      const due = record.due;
      if (!due || knownDifferent.has(due.label!)) continue;
      let parsed;
      try {
        parsed = parseDutchDate(due.label!, record.statusAsOf);
      } catch {
        continue;
      }
      compared++;
      expect(parsed).toEqual(due);
    }
    expect(compared).toBeGreaterThan(60);
  });
});
