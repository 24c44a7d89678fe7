import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version of the capability grants, raised by every change of them (from psql too): the
 * sign-in reads it with the account, and each instance keeps the grants of the version it last read
 * (policy.ts), so a signed-in request reads the grants themselves only after they changed.
 */
export class GrantsVersion1800002810000 implements MigrationInterface {
  name = 'GrantsVersion1800002810000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "capability_grant_version" (
                "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
                "version" text NOT NULL DEFAULT gen_random_uuid()::text
            )
        `);
    await queryRunner.query(`INSERT INTO "capability_grant_version" DEFAULT VALUES`);
    // Every table says when it changed (response cache): this one changes with the grants.
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "capability_grant_version"
               FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
    );
    await queryRunner.query(`
            CREATE FUNCTION capability_grant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- A token never used before, not a counter: a restored backup or a lagging replica taken over
                -- would count again through numbers an instance may hold with other grants. The row comes back
                -- if someone deleted it.
                INSERT INTO capability_grant_version (id, version) VALUES (true, gen_random_uuid()::text)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version;
                RETURN NULL;
            END
            $$
        `);
    // Per changed row, not per statement: a seed run that writes the grants as they are changes nothing.
    await queryRunner.query(`
            CREATE TRIGGER capability_grant_changed AFTER INSERT OR DELETE ON "capability_grant"
            FOR EACH ROW EXECUTE FUNCTION capability_grant_changed()
        `);
    await queryRunner.query(`
            CREATE TRIGGER capability_grant_updated AFTER UPDATE ON "capability_grant"
            FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION capability_grant_changed()
        `);
    await queryRunner.query(`
            CREATE TRIGGER capability_grant_truncated AFTER TRUNCATE ON "capability_grant"
            FOR EACH STATEMENT EXECUTE FUNCTION capability_grant_changed()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER capability_grant_truncated ON "capability_grant"`);
    await queryRunner.query(`DROP TRIGGER capability_grant_updated ON "capability_grant"`);
    await queryRunner.query(`DROP TRIGGER capability_grant_changed ON "capability_grant"`);
    await queryRunner.query(`DROP FUNCTION capability_grant_changed()`);
    await queryRunner.query(`DROP TABLE "capability_grant_version"`);
  }
}
