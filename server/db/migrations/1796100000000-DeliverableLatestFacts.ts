import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a deliverable's status last changed and its last status update (time and health), kept on the
 * deliverable by triggers, so its state on a day after both needs no lookups (the dashboard reads
 * every deliverable); two functions do the look-ups for earlier days. An index serves lists in due
 * order (the overdue list) without sorting them all.
 */
export class DeliverableLatestFacts1796100000000 implements MigrationInterface {
  name = 'DeliverableLatestFacts1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "deliverable"
            ADD "last_status_change_at" TIMESTAMP(3) WITH TIME ZONE,
            ADD "last_update_at" TIMESTAMP(3) WITH TIME ZONE,
            ADD "last_update_health" "public"."deliverable_health"
        `);
    // Recomputed from the rows, so inserts, corrections, deletes and truncation agree, also when made by SQL
    // (as the seed does).
    await queryRunner.query(`
            CREATE FUNCTION deliverable_track_last_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    UPDATE "deliverable" SET "last_update_at" = NULL, "last_update_health" = NULL
                     WHERE "last_update_at" IS NOT NULL;
                    RETURN NULL;
                END IF;
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
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER deliverable_track_last_update
            AFTER INSERT OR DELETE OR UPDATE OF "deliverable_id", "posted_at", "health" ON "status_update"
            FOR EACH ROW EXECUTE FUNCTION deliverable_track_last_update()
        `);
    await queryRunner.query(`
            CREATE TRIGGER deliverable_track_last_update_truncate AFTER TRUNCATE ON "status_update"
            FOR EACH STATEMENT EXECUTE FUNCTION deliverable_track_last_update()
        `);
    await queryRunner.query(`
            CREATE FUNCTION deliverable_track_last_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    UPDATE "deliverable" SET "last_status_change_at" = NULL WHERE "last_status_change_at" IS NOT NULL;
                    RETURN NULL;
                END IF;
                -- As above: lock, then read with a fresh snapshot.
                PERFORM 1 FROM "deliverable" d
                 WHERE d."id" IN (
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD."deliverable_id" END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW."deliverable_id" END)
                 ORDER BY d."id" FOR UPDATE;
                UPDATE "deliverable" d SET "last_status_change_at" = (
                    SELECT max(c."changed_at") FROM "deliverable_status_change" c WHERE c."deliverable_id" = d."id")
                 WHERE d."id" IN (
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD."deliverable_id" END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW."deliverable_id" END);
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER deliverable_track_last_status_change
            AFTER INSERT OR DELETE OR UPDATE OF "deliverable_id", "changed_at" ON "deliverable_status_change"
            FOR EACH ROW EXECUTE FUNCTION deliverable_track_last_status_change()
        `);
    await queryRunner.query(`
            CREATE TRIGGER deliverable_track_last_status_change_truncate AFTER TRUNCATE ON "deliverable_status_change"
            FOR EACH STATEMENT EXECUTE FUNCTION deliverable_track_last_status_change()
        `);
    await queryRunner.query(`
            UPDATE "deliverable" d SET "last_update_at" = u."posted_at", "last_update_health" = u."health"
              FROM (SELECT DISTINCT ON ("deliverable_id") "deliverable_id", "posted_at", "health" FROM "status_update"
                     ORDER BY "deliverable_id", "posted_at" DESC, "id" DESC) u
             WHERE u."deliverable_id" = d."id"
        `);
    await queryRunner.query(`
            UPDATE "deliverable" d SET "last_status_change_at" = c."changed_at"
              FROM (SELECT "deliverable_id", max("changed_at") AS "changed_at" FROM "deliverable_status_change"
                     GROUP BY "deliverable_id") c
             WHERE c."deliverable_id" = d."id"
        `);
    // The look-ups for a day before those times (deliverable-state.sql.ts); functions, so a query that
    // names them often is planned in no time and calls them only for the rows that need them.
    await queryRunner.query(`
            CREATE FUNCTION deliverable_status_on(p_deliverable uuid, p_at timestamptz) RETURNS "public"."deliverable_status"
            LANGUAGE plpgsql STABLE AS $$
            BEGIN
                RETURN COALESCE(
                    (SELECT c."to_status" FROM "deliverable_status_change" c
                      WHERE c."deliverable_id" = p_deliverable AND c."changed_at" < p_at
                      ORDER BY c."changed_at" DESC LIMIT 1),
                    (SELECT c."from_status" FROM "deliverable_status_change" c
                      WHERE c."deliverable_id" = p_deliverable AND c."changed_at" >= p_at
                      ORDER BY c."changed_at" ASC LIMIT 1));
            END
            $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION deliverable_last_update_before(
                p_deliverable uuid, p_at timestamptz,
                OUT health "public"."deliverable_health", OUT posted_at timestamptz
            ) LANGUAGE plpgsql STABLE AS $$
            BEGIN
                SELECT u."health", u."posted_at" INTO health, posted_at FROM "status_update" u
                 WHERE u."deliverable_id" = p_deliverable AND u."posted_at" < p_at
                 ORDER BY u."posted_at" DESC, u."id" DESC LIMIT 1;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE INDEX "deliverable_due_order" ON "deliverable" ((COALESCE("due_latest", DATE '9999-12-31')), "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."deliverable_due_order"`);
    await queryRunner.query(`DROP FUNCTION deliverable_last_update_before(uuid, timestamptz)`);
    await queryRunner.query(`DROP FUNCTION deliverable_status_on(uuid, timestamptz)`);
    await queryRunner.query(
      `DROP TRIGGER deliverable_track_last_status_change_truncate ON "deliverable_status_change"`,
    );
    await queryRunner.query(`DROP TRIGGER deliverable_track_last_status_change ON "deliverable_status_change"`);
    await queryRunner.query(`DROP FUNCTION deliverable_track_last_status_change()`);
    await queryRunner.query(`DROP TRIGGER deliverable_track_last_update_truncate ON "status_update"`);
    await queryRunner.query(`DROP TRIGGER deliverable_track_last_update ON "status_update"`);
    await queryRunner.query(`DROP FUNCTION deliverable_track_last_update()`);
    await queryRunner.query(`
            ALTER TABLE "deliverable"
            DROP COLUMN "last_update_health",
            DROP COLUMN "last_update_at",
            DROP COLUMN "last_status_change_at"
        `);
  }
}
