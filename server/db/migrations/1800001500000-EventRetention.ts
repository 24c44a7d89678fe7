import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps EVENT_RETENTION_DAYS of events (server/services/events/event-retention.ts). One row
 * records the cursor through which every event has been pruned, so a client resuming from before it is
 * told that it missed events instead of silently getting fewer.
 */
export class EventRetention1800001500000 implements MigrationInterface {
  name = 'EventRetention1800001500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "domain_event_retention" (
         "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
         "pruned_through" bigint NOT NULL DEFAULT 0,
         "pruned_at" timestamptz
       )`,
    );
    await queryRunner.query(`INSERT INTO "domain_event_retention" DEFAULT VALUES`);
    // Every table tells the response cache when it changes (DataChangeNotifications).
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "domain_event_retention"
         FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "domain_event_retention"`);
  }
}
