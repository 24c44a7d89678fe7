import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Starting a re-assessment noted the new draft's title on the published assessment's stage history, which
 * everyone who reads that assessment reads, while the draft itself is hidden until published. New stage
 * changes carry no note (server/services/package/package-cycle.service.ts); this clears the notes kept
 * that are exactly the title of a re-assessment of that assessment.
 */
export class ReassessmentNotesWithoutTitle1800001000000 implements MigrationInterface {
  name = 'ReassessmentNotesWithoutTitle1800001000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "assessment_stage_change" c SET "note" = NULL
        WHERE c."to_stage" = 'REASSESSMENT' AND c."note" IS NOT NULL
          AND EXISTS (SELECT 1 FROM "package_assessment" r
                       WHERE r."reassessment_of_id" = c."assessment_id" AND r."title" = c."note")`,
    );
  }

  public async down(): Promise<void> {
    // The titles are still on the re-assessments themselves; nothing is lost that needs putting back.
  }
}
