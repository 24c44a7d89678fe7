import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A removed link's or recommendation's id as its DELETE entry records it in `field`, as a uuid (null where it is
 * none): RECORDED_UUID_SQL in server/auth/synergy.access.ts, written out, as a migration never changes.
 */
const recordedUuid = (field: string) => {
  const first = (side: string) =>
    `jsonb_path_query_first(changes, '$[*] ? (@.field == "${field}").${side} ? (@.type() == "string")')`;
  const text = `(coalesce(${first('after')}, ${first('before')}) #>> '{}')`;
  return `(CASE WHEN ${text} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (${text})::uuid END)`;
};

/**
 * A removed link or recommendation is no longer there to say whose its audit entries are; its DELETE entry
 * still names its ends (AUDIT_EVENT_VISIBLE_SQL in server/auth). The audit rule finds a party's removed links
 * and recommendations from its guidelines and assessments through the recorded ends, so it never reads every
 * removal there is; a link's own trail finds its DELETE entry by id.
 */
export class AuditEventDeletions1800002870000 implements MigrationInterface {
  name = 'AuditEventDeletions1800002870000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_deletions" ON "audit_event" ("entity_type", "entity_id") WHERE "action" = 'DELETE'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_deleted_guideline" ON "audit_event" ("entity_type", ${recordedUuid('guidelineId')})
        WHERE "action" = 'DELETE' AND "entity_type" IN ('SynergyLink', 'Recommendation')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_deleted_link_assessment" ON "audit_event" (${recordedUuid('assessmentId')})
        WHERE "action" = 'DELETE' AND "entity_type" = 'SynergyLink'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_event_deleted_link_assessment"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_deleted_guideline"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_deletions"`);
  }
}
