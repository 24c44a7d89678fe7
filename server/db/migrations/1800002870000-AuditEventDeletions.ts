import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A removed link or recommendation is no longer there to say whose its audit entries are; its DELETE entry
 * still names its ends (AUDIT_EVENT_VISIBLE_SQL in server/auth). The audit list looks those entries up by
 * type on every read: an index of the DELETE entries alone keeps that lookup off the rest of the trail.
 */
export class AuditEventDeletions1800002870000 implements MigrationInterface {
  name = 'AuditEventDeletions1800002870000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_deletions" ON "audit_event" ("entity_type", "entity_id") WHERE "action" = 'DELETE'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_event_deletions"`);
  }
}
