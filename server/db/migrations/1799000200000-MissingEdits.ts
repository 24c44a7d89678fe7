import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The missing edits: who names an agenda's coordinator and who manages synergy trajectories are
 * capabilities (granted as data); the cases of the documents (casus, goed voorbeeld) get a table.
 */
export class MissingEdits1799000200000 implements MigrationInterface {
  name = 'MissingEdits1799000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'ASSIGN_AGENDA_COORDINATORS'`);
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'MANAGE_SYNERGY_TRAJECTORIES'`);
    await queryRunner.query(`CREATE TYPE "public"."practice_case_kind" AS ENUM('SCARCITY_CASE', 'GOOD_PRACTICE')`);
    await queryRunner.query(
      `CREATE TABLE "practice_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key" text NOT NULL, "sources" jsonb NOT NULL DEFAULT '[]', "synthetic" boolean NOT NULL DEFAULT false, "title" text NOT NULL, "kind" "public"."practice_case_kind" NOT NULL, "sector_id" uuid, "description" text NOT NULL, "figures" jsonb NOT NULL DEFAULT '{}', "party_keys" text array NOT NULL DEFAULT '{}', "guideline_keys" text array NOT NULL DEFAULT '{}', "note" text, CONSTRAINT "UQ_cd9ba53967f1cf34b07f1ef57d0" UNIQUE ("key"), CONSTRAINT "PK_cbd31f5b904de55f8b6a15441c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e052c578cb894d0a62820e2a57" ON "practice_case" ("sector_id")`);
    await queryRunner.query(
      `ALTER TABLE "practice_case" ADD CONSTRAINT "FK_e052c578cb894d0a62820e2a57a" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Like every table, it tells the response cache when it changes (DataChangeNotifications).
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "practice_case"
       FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "practice_case"`);
    await queryRunner.query(`DROP TYPE "public"."practice_case_kind"`);
    await queryRunner.query(
      `DELETE FROM "capability_grant" WHERE "capability" IN ('ASSIGN_AGENDA_COORDINATORS', 'MANAGE_SYNERGY_TRAJECTORIES')`,
    );
    // PostgreSQL cannot drop an enum value; the unused values stay.
  }
}
