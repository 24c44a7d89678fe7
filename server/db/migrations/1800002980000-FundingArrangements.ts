import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The NZa's funding (bekostiging) of care a published assessment admits to the package (nza-bijpassende-
 * bekostiging: “een Wmg-prestatiebeschrijving en in sommige gevallen een tarief”): one funding_arrangement per
 * assessment, recorded with RECORD_FUNDING_ARRANGEMENTS, granted to the party NZa. The grant comes with the seed:
 * its checksum changes, so start-up loads it again and inserts the new row into an existing database too. The
 * cache hears of writes to the table (iza_notify_data_change).
 */
export class FundingArrangements1800002980000 implements MigrationInterface {
  name = 'FundingArrangements1800002980000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'RECORD_FUNDING_ARRANGEMENTS'`);
    await queryRunner.query(
      `CREATE TYPE "public"."funding_arrangement_state" AS ENUM('IN_PREPARATION', 'ESTABLISHED', 'WITHDRAWN')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."funding_tariff_kind" AS ENUM('MAXIMUM', 'FIXED', 'FREE')`);
    await queryRunner.query(
      `CREATE TABLE "funding_arrangement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "assessment_id" uuid NOT NULL, "party_id" uuid NOT NULL, "state" "public"."funding_arrangement_state" NOT NULL DEFAULT 'IN_PREPARATION', "performance_description" text, "performance_code" text, "tariff_set" boolean NOT NULL DEFAULT false, "tariff_kind" "public"."funding_tariff_kind", "effective_from" date, "note" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "funding_arrangement_assessment_unique" UNIQUE ("assessment_id"), CONSTRAINT "funding_arrangement_established_performance" CHECK ("state" <> 'ESTABLISHED' OR "performance_description" IS NOT NULL), CONSTRAINT "funding_arrangement_tariff_kind" CHECK ("tariff_kind" IS NULL OR ("tariff_kind" = 'FREE') = NOT "tariff_set"), CONSTRAINT "PK_aa9c98af188d18b0261dead379f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1dadb6e3a235cb9ef270ef3ffd" ON "funding_arrangement"  ("party_id") `);
    await queryRunner.query(
      `ALTER TABLE "funding_arrangement" ADD CONSTRAINT "FK_0c6e4057a6adbeeef66c5df8c4b" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_arrangement" ADD CONSTRAINT "FK_1dadb6e3a235cb9ef270ef3ffd2" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "funding_arrangement"
               FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
    );
  }

  /**
   * The arrangements and their events go (the code before this has no place for them; their audit entries stay,
   * as every audit row does), and so does every grant of the capability. The seed's record of the grants is
   * forgotten, so start-up after an `up` again loads them again. PostgreSQL drops no enum value: the type is
   * made again without it.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "domain_event" WHERE "subject_type" = 'FundingArrangement'`);
    await queryRunner.query(`DROP TABLE "funding_arrangement"`);
    await queryRunner.query(`DROP TYPE "public"."funding_tariff_kind"`);
    await queryRunner.query(`DROP TYPE "public"."funding_arrangement_state"`);
    await queryRunner.query(`DELETE FROM "capability_grant" WHERE "capability" = 'RECORD_FUNDING_ARRANGEMENTS'`);
    await queryRunner.query(`DELETE FROM "seed_run" WHERE "dataset" = 'capability-grants'`);
    const rows: { label: string }[] = await queryRunner.query(
      `SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = '"public"."capability"'::regtype ORDER BY enumsortorder`,
    );
    const labels = rows.map((r) => r.label).filter((l) => l !== 'RECORD_FUNDING_ARRANGEMENTS');
    await queryRunner.query(`CREATE TYPE "public"."capability_old" AS ENUM(${labels.map((l) => `'${l}'`).join(', ')})`);
    await queryRunner.query(
      `ALTER TABLE "capability_grant" ALTER COLUMN "capability" TYPE "public"."capability_old" USING "capability"::text::"public"."capability_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."capability"`);
    await queryRunner.query(`ALTER TYPE "public"."capability_old" RENAME TO "capability"`);
  }
}
