import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A condition's audit entries named the party the condition asks something of as the record's owner, so
 * that party read a draft assessment's conditions through `auditEvents` (and the assessor did not see the
 * evidence the party added). New entries name the assessor (server/services/package/package-cycle.service.ts);
 * this does the same for the entries written before. Only who the entry belongs to changes, never what it
 * records: the append-only trigger is set aside for this one statement, in the migration's transaction.
 */
export class ConditionTrailOwnedByAssessor1800001300000 implements MigrationInterface {
  name = 'ConditionTrailOwnedByAssessor1800001300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The whole trail is looked through once: not under the request statement timeout.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_no_update_or_delete"`);
    await queryRunner.query(
      `UPDATE "audit_event" e SET "owner_party_id" = a."assessor_party_id"
         FROM "assessment_condition" c JOIN "package_assessment" a ON a."id" = c."assessment_id"
        WHERE e."entity_type" = 'AssessmentCondition' AND e."entity_id" = c."id"
          AND e."owner_party_id" IS DISTINCT FROM a."assessor_party_id"`,
    );
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_no_update_or_delete"`);
  }

  public async down(): Promise<void> {
    // The owners were a leak; nothing to put back.
  }
}
