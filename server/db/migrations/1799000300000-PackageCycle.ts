import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The package cycle: an assessment's stage with its history, conditions as records (owner, fuzzy due
 * date, state, evidence), conditional admission (start, end, the research project that must deliver),
 * re-assessment chains and evaluations. Existing assessments get the stage their data implies.
 */
export class PackageCycle1799000300000 implements MigrationInterface {
  name = 'PackageCycle1799000300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."assessment_stage" AS ENUM('SIGNAL', 'SCOPING', 'ASSESSMENT', 'CONSULTATION', 'DECISION', 'MONITORING', 'REASSESSMENT', 'CLOSED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "assessment_stage_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "assessment_id" uuid NOT NULL, "from_stage" "public"."assessment_stage" NOT NULL, "to_stage" "public"."assessment_stage" NOT NULL, "note" text, "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "party_id" uuid, CONSTRAINT "PK_19333219368770a5f29c97e2c3f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9aedfc6a9ca7bac457ce6edc4f" ON "assessment_stage_change"("assessment_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1726e45d281cd5aa31cb53e54a" ON "assessment_stage_change"("actor_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3433cdd90a58c96ee7cdfe4739" ON "assessment_stage_change"("party_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_0fc3877be8c65ae7bca512fa73" ON "assessment_stage_change"("assessment_id", "changed_at") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."condition_state" AS ENUM('OPEN', 'MET', 'NOT_MET', 'WAIVED')`);
    await queryRunner.query(
      `CREATE TABLE "assessment_condition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key" text NOT NULL, "sources" jsonb NOT NULL DEFAULT '[]', "synthetic" boolean NOT NULL DEFAULT false, "assessment_id" uuid NOT NULL, "text" text NOT NULL, "owner_party_id" uuid, "state" "public"."condition_state" NOT NULL DEFAULT 'OPEN', "evidence" text, "version" integer NOT NULL DEFAULT '1', "due_label" text, "due_earliest" date, "due_latest" date, "due_precision" "public"."date_precision", CONSTRAINT "UQ_25eb9806b710ad17d8f2099a111" UNIQUE ("key"), CONSTRAINT "PK_13ec0096aec9e8b934ffa39de11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0221411f306f0af458c6ecdf10" ON "assessment_condition"("assessment_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_31db8d759cf4a5a0216424737e" ON "assessment_condition"("owner_party_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assessment_evaluation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key" text NOT NULL, "sources" jsonb NOT NULL DEFAULT '[]', "synthetic" boolean NOT NULL DEFAULT false, "assessment_id" uuid NOT NULL, "evaluated_on" date NOT NULL, "findings" text NOT NULL, "evaluator_party_id" uuid, CONSTRAINT "UQ_33da199b49f0753973b3a733b1c" UNIQUE ("key"), CONSTRAINT "PK_4b77e382f379ab7bf5c04e37580" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_967934a9606da1a8e1083e4383" ON "assessment_evaluation"("assessment_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8e7e55740a6379a9231097de5b" ON "assessment_evaluation"("evaluator_party_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "package_assessment" ADD "stage" "public"."assessment_stage" NOT NULL DEFAULT 'ASSESSMENT'`,
    );
    await queryRunner.query(`ALTER TABLE "package_assessment" ADD "reassessment_of_id" uuid`);
    await queryRunner.query(`ALTER TABLE "package_assessment" ADD "admission_start" date`);
    await queryRunner.query(`ALTER TABLE "package_assessment" ADD "admission_end" date`);
    await queryRunner.query(`ALTER TABLE "package_assessment" ADD "admission_project_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "IDX_2acdae63befa2c170a84328d32" ON "package_assessment"("reassessment_of_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_500ba358013bb6a533059d0b9e" ON "package_assessment"("admission_end") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_08b9f1e0795e56bc9a30179d12" ON "package_assessment"("admission_project_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "package_assessment" ADD CONSTRAINT "FK_2acdae63befa2c170a84328d328" FOREIGN KEY ("reassessment_of_id") REFERENCES "package_assessment"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_assessment" ADD CONSTRAINT "FK_08b9f1e0795e56bc9a30179d124" FOREIGN KEY ("admission_project_id") REFERENCES "research_project"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_stage_change" ADD CONSTRAINT "FK_9aedfc6a9ca7bac457ce6edc4f7" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_stage_change" ADD CONSTRAINT "FK_1726e45d281cd5aa31cb53e54a3" FOREIGN KEY ("actor_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_stage_change" ADD CONSTRAINT "FK_3433cdd90a58c96ee7cdfe4739a" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_condition" ADD CONSTRAINT "FK_0221411f306f0af458c6ecdf10e" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_condition" ADD CONSTRAINT "FK_31db8d759cf4a5a0216424737e6" FOREIGN KEY ("owner_party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_evaluation" ADD CONSTRAINT "FK_967934a9606da1a8e1083e43836" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_evaluation" ADD CONSTRAINT "FK_8e7e55740a6379a9231097de5b1" FOREIGN KEY ("evaluator_party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Like every table, the new ones tell the response cache when they change (DataChangeNotifications).
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_stage_change" FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_condition" FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_evaluation" FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()`,
    );
    // A published assessment has been decided; a conditional admission is being monitored.
    await queryRunner.query(
      `UPDATE "package_assessment" SET "stage" = CASE
         WHEN "outcome" = 'CONDITIONAL_ADMISSION' AND "published" THEN 'MONITORING'::assessment_stage
         WHEN "published" THEN 'DECISION'::assessment_stage
         ELSE 'ASSESSMENT'::assessment_stage END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "assessment_evaluation"`);
    await queryRunner.query(`DROP TABLE "assessment_condition"`);
    await queryRunner.query(`DROP TABLE "assessment_stage_change"`);
    await queryRunner.query(`ALTER TABLE "package_assessment" DROP CONSTRAINT "FK_08b9f1e0795e56bc9a30179d124"`);
    await queryRunner.query(`ALTER TABLE "package_assessment" DROP CONSTRAINT "FK_2acdae63befa2c170a84328d328"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_08b9f1e0795e56bc9a30179d12"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_500ba358013bb6a533059d0b9e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2acdae63befa2c170a84328d32"`);
    for (const column of ['admission_project_id', 'admission_end', 'admission_start', 'reassessment_of_id', 'stage'])
      await queryRunner.query(`ALTER TABLE "package_assessment" DROP COLUMN "${column}"`);
    await queryRunner.query(`DROP TYPE "public"."condition_state"`);
    await queryRunner.query(`DROP TYPE "public"."assessment_stage"`);
  }
}
