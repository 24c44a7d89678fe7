import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The minister's decision on a pakketadvies (vws-besluit-over-pakketadvies: “De minister besluit dit advies wel
 * of niet over te nemen en de regelgeving aan te passen.”): one ministerial_decision per assessment, recorded
 * with DECIDE_ON_PACKAGE_ADVICE, granted to the party VWS. The grant comes with the seed: its checksum changes, so
 * start-up loads it again and inserts the new row into an existing database too. The cache hears of writes to
 * the table (iza_notify_data_change).
 */
export class MinisterialDecisions1800002970000 implements MigrationInterface {
  name = 'MinisterialDecisions1800002970000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'DECIDE_ON_PACKAGE_ADVICE'`);
    await queryRunner.query(
      `CREATE TYPE "public"."advice_decision" AS ENUM('FOLLOWED', 'PARTLY_FOLLOWED', 'NOT_FOLLOWED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ministerial_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "assessment_id" uuid NOT NULL, "party_id" uuid NOT NULL, "decision" "public"."advice_decision" NOT NULL, "decided_on" date NOT NULL, "reasoning" text NOT NULL, "reference" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ministerial_decision_assessment_unique" UNIQUE ("assessment_id"), CONSTRAINT "PK_964989395dbba72384f49fe2446" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c00fb592d357ecd7620fb93d3d" ON "ministerial_decision"  ("party_id") `);
    await queryRunner.query(
      `ALTER TABLE "ministerial_decision" ADD CONSTRAINT "FK_52a7d24d002415935c9b6c8c710" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ministerial_decision" ADD CONSTRAINT "FK_c00fb592d357ecd7620fb93d3d0" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ministerial_decision"
               FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
    );
  }

  /**
   * The decisions and their events go (the code before this has no place for them, nor a name for the events'
   * types; their audit entries stay, as every audit row does), and so does every grant of the capability. The
   * seed's record of the grants is forgotten, so start-up after an `up` again loads them again. PostgreSQL drops
   * no enum value: the type is made again without it.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "domain_event" WHERE "type" IN ('MINISTERIAL_DECISION_RECORDED', 'MINISTERIAL_DECISION_CORRECTED')`,
    );
    await queryRunner.query(`DROP TABLE "ministerial_decision"`);
    await queryRunner.query(`DROP TYPE "public"."advice_decision"`);
    await queryRunner.query(`DELETE FROM "capability_grant" WHERE "capability" = 'DECIDE_ON_PACKAGE_ADVICE'`);
    await queryRunner.query(`DELETE FROM "seed_run" WHERE "dataset" = 'capability-grants'`);
    const rows: { label: string }[] = await queryRunner.query(
      `SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = '"public"."capability"'::regtype ORDER BY enumsortorder`,
    );
    const labels = rows.map((r) => r.label).filter((l) => l !== 'DECIDE_ON_PACKAGE_ADVICE');
    await queryRunner.query(`CREATE TYPE "public"."capability_old" AS ENUM(${labels.map((l) => `'${l}'`).join(', ')})`);
    await queryRunner.query(
      `ALTER TABLE "capability_grant" ALTER COLUMN "capability" TYPE "public"."capability_old" USING "capability"::text::"public"."capability_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."capability"`);
    await queryRunner.query(`ALTER TYPE "public"."capability_old" RENAME TO "capability"`);
  }
}
