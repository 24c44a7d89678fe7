import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A status update keeps its deliverable's last update (time and health) on the deliverable's row
 * (migration DeliverableLatestFacts). That write used to notify `deliverable` like any other, so every
 * cached answer that read a deliverable was evicted by every status update, though only health reads those
 * columns, and health depends on `status_update` itself (server/cache/dependencies.ts). Now the trigger
 * marks its own write, and the deliverable's change notification leaves that one out: the status update's
 * own notification (`status_update`) still says what changed.
 */
const TRACK_LAST_UPDATE = (quiet: boolean) => `
    CREATE OR REPLACE FUNCTION deliverable_track_last_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        ${quiet ? `PERFORM set_config('iza.derived_write', 'deliverable', true);` : ''}
        IF TG_OP = 'TRUNCATE' THEN
            UPDATE "deliverable" SET "last_update_at" = NULL, "last_update_health" = NULL
             WHERE "last_update_at" IS NOT NULL;
        ELSE
            -- Lock first, in a statement of its own: a writer that waited here then reads with a fresh
            -- snapshot, so it sees the update committed meanwhile and never writes older facts over it.
            PERFORM 1 FROM "deliverable" d
             WHERE d."id" IN (
                CASE WHEN TG_OP <> 'INSERT' THEN OLD."deliverable_id" END,
                CASE WHEN TG_OP <> 'DELETE' THEN NEW."deliverable_id" END)
             ORDER BY d."id" FOR UPDATE;
            UPDATE "deliverable" d SET ("last_update_at", "last_update_health") = (
                SELECT u."posted_at", u."health" FROM "status_update" u
                 WHERE u."deliverable_id" = d."id" ORDER BY u."posted_at" DESC, u."id" DESC LIMIT 1)
             WHERE d."id" IN (
                CASE WHEN TG_OP <> 'INSERT' THEN OLD."deliverable_id" END,
                CASE WHEN TG_OP <> 'DELETE' THEN NEW."deliverable_id" END);
        END IF;
        ${quiet ? `PERFORM set_config('iza.derived_write', '', true);` : ''}
        RETURN NULL;
    END
    $$
`;

/**
 * Every table's change notification (migration DataChangeNotifications), except for a statement a trigger
 * marks as keeping derived facts on that table. The mark covers every write to the table made while that
 * statement runs: a trigger added later that writes it from inside would go unheard too.
 */
const NOTIFY_DATA_CHANGE = (quiet: boolean) => `
    CREATE OR REPLACE FUNCTION "iza_notify_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        ${quiet ? `IF current_setting('iza.derived_write', true) = TG_TABLE_NAME THEN RETURN NULL; END IF;` : ''}
        PERFORM pg_notify('iza_data_changed', TG_TABLE_NAME);
        RETURN NULL;
    END $$
`;

export class QuietDerivedDeliverableFacts1800000800000 implements MigrationInterface {
  name = 'QuietDerivedDeliverableFacts1800000800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(TRACK_LAST_UPDATE(true));
    await queryRunner.query(NOTIFY_DATA_CHANGE(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(NOTIFY_DATA_CHANGE(false));
    await queryRunner.query(TRACK_LAST_UPDATE(false));
  }
}
