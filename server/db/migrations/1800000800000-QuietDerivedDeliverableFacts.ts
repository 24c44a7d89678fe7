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

export class QuietDerivedDeliverableFacts1800000800000 implements MigrationInterface {
  name = 'QuietDerivedDeliverableFacts1800000800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(TRACK_LAST_UPDATE(true));
    await queryRunner.query(`
            CREATE FUNCTION "iza_notify_deliverable_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- The statement that keeps a status update's facts on the row (above): status_update notifies.
                -- The mark covers every write to deliverable made while that statement runs: a trigger added
                -- later that writes deliverable from inside it would go unheard too.
                IF current_setting('iza.derived_write', true) = 'deliverable' THEN
                    RETURN NULL;
                END IF;
                PERFORM pg_notify('iza_data_changed', TG_TABLE_NAME);
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`DROP TRIGGER "iza_data_change" ON "deliverable"`);
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "deliverable"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_deliverable_change"()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "iza_data_change" ON "deliverable"`);
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "deliverable"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()
        `);
    await queryRunner.query(`DROP FUNCTION "iza_notify_deliverable_change"()`);
    await queryRunner.query(TRACK_LAST_UPDATE(false));
  }
}
