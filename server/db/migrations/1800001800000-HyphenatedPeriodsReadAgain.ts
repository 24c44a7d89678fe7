import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DatePrecision } from '../../../entities/fuzzy-date';
import { parseDutchDate } from '../../shared/dutch-date.parser';

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
        let read;
        try {
          read = parseDutchDate(row.label, row.day);
        } catch {
          continue;
        }
        if (read.precision === DatePrecision.RANGE || read.earliest !== row.earliest) continue;
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
