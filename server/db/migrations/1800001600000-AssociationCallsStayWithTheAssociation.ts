import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A topic call an association opened on its own knowledge agenda after VWS had named another coordinator
 * was recorded with that coordinator, so the association could neither read the submissions to its call
 * nor place them (agendaRunningParty in server/auth/research.access.ts). Such calls go back to the
 * association that owns the agenda.
 */
export class AssociationCallsStayWithTheAssociation1800001600000 implements MigrationInterface {
  name = 'AssociationCallsStayWithTheAssociation1800001600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "topic_call" c SET "coordinator_party_id" = a."owner_party_id", "updated_at" = now()
         FROM "research_agenda" a
        WHERE a."id" = c."agenda_id" AND a."kind" = 'ASSOCIATION_KNOWLEDGE_AGENDA' AND a."owner_party_id" IS NOT NULL
          AND c."coordinator_party_id" IS DISTINCT FROM a."owner_party_id"`,
    );
  }

  public async down(): Promise<void> {
    // Which coordinator a call had wrongly been given is not kept: nothing to undo.
  }
}
