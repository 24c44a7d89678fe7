import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LINK_CONFIRMATIONS_CHANGED events carried a dispute's reason, which, once the dispute is resolved, only
 * the link's history shows (to the parties involved, VWS and operators); anyone who reads the link reads its
 * events. New events leave it out (server/services/events/outbox.ts); this removes it from those stored.
 * Nothing else of an event changes, so no cursor moves and nothing is delivered again.
 */
export class EventsWithoutDisputeReason1800000900000 implements MigrationInterface {
  name = 'EventsWithoutDisputeReason1800000900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "domain_event" SET "payload" = "payload" #- '{before,disputeReason}' #- '{after,disputeReason}'
        WHERE "type" = 'LINK_CONFIRMATIONS_CHANGED'
          AND ("payload" -> 'before' ? 'disputeReason' OR "payload" -> 'after' ? 'disputeReason')`,
    );
  }

  public async down(): Promise<void> {
    // The reasons removed are not kept anywhere the events could get them back from; nothing to undo.
  }
}
