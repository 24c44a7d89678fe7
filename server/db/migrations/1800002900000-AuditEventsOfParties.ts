import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit list of a party reads the ids of the entries it sees, one index scan per way the audit rule gives
 * them (AUDIT_EVENT_IDS_OF_PARTIES_SQL in server/auth/people.access.ts), instead of testing the whole rule on
 * every entry (seconds at national scale):
 * - the entries on a type's records by id, the id included, for the parties' deliverables, links, signals,
 *   invitations, guidelines and recommendations (the index on entity_id alone serves a record's history; this one
 *   also finds the few entries of a type, so the Zorginstituut's 30 000 links are not all worked out first);
 * - the rare owner changes, the only entries a former owner reads (DELIVERABLE_OWNER_CHANGE_ENTRY_SQL in
 *   server/auth/deliverables.access.ts, GUIDELINE_OWNER_CHANGE_ENTRY_SQL in server/auth/synergy.access.ts);
 * - the entries by the guideline they record (RECORDED_ID_SQL in server/auth/synergy.access.ts), for those on
 *   recommendations.
 * The predicates and expressions are those of the rule, written out, as a migration never changes: the planner
 * uses an index only for the same expression.
 */
const recordedGuideline = `(coalesce(jsonb_path_query_first(changes, '$[*] ? (@.field == "guidelineId").after ? (@.type() == "string")'), jsonb_path_query_first(changes, '$[*] ? (@.field == "guidelineId").before ? (@.type() == "string")')) #>> '{}')`;

const deliverableOwnerChange = `(entity_type IN ('Programme', 'Deliverable')
    AND changes @? '$[*] ? (@.before.type() != "null" && (@.field == "ownerPartyId" || @.field == "ownerPartyIds" || @.field == "leadPartyId" || @.field == "ownerPartyKinds"))')`;

const guidelineOwnerChange = `(entity_type = 'Guideline'
    AND changes @? '$[*] ? (@.field == "ownerPartyIds" && @.before.type() == "array")')`;

export class AuditEventsOfParties1800002900000 implements MigrationInterface {
  name = 'AuditEventsOfParties1800002900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_entity" ON "audit_event" ("entity_type", "entity_id") INCLUDE ("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_deliverable_owner_changes" ON "audit_event" ("entity_id") WHERE ${deliverableOwnerChange}`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_guideline_owner_changes" ON "audit_event" ("entity_id") WHERE ${guidelineOwnerChange}`,
    );
    // On every entry, not only on recommendations': PostgreSQL estimates from an index's statistics only when it is
    // not partial, and without them takes "records none" for rare and reads a party's recommendations through it.
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_recorded_guideline" ON "audit_event" (${recordedGuideline})`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_event_recorded_guideline"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_guideline_owner_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_deliverable_owner_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_entity"`);
  }
}
