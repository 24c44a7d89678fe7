import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Synergy1795450022118 implements MigrationInterface {
  name = 'Synergy1795450022118';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."guideline_status" AS ENUM(
                'IN_DEVELOPMENT',
                'PUBLISHED',
                'UNDER_REVISION',
                'WITHDRAWN'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "guideline" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "title" text NOT NULL,
                "status" "public"."guideline_status" NOT NULL DEFAULT 'IN_DEVELOPMENT',
                "edition" integer NOT NULL DEFAULT '0',
                "published_on" date,
                "review_due_on" date,
                "external_url" text,
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "UQ_0f030d2e070bf53645db25230e4" UNIQUE ("key"),
                CONSTRAINT "PK_8c57320ee4904d6b23c0af65069" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fd264bbe245e899bfd0e4a3aa1" ON "guideline" ("status")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."recommendation_kind" AS ENUM('DO', 'DO_NOT', 'CONSIDER')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."recommendation_strength" AS ENUM('STRONG', 'WEAK')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."evidence_certainty" AS ENUM('HIGH', 'MODERATE', 'LOW', 'VERY_LOW')
        `);
    await queryRunner.query(`
            CREATE TABLE "recommendation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "guideline_id" uuid NOT NULL,
                "text" text NOT NULL,
                "kind" "public"."recommendation_kind" NOT NULL,
                "intervention_id" uuid,
                "population" text,
                "strength" "public"."recommendation_strength",
                "evidence_certainty" "public"."evidence_certainty",
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "UQ_81530974488f93c060ffa78acd4" UNIQUE ("key"),
                CONSTRAINT "PK_17cb51984a6627ef2ce7370e23c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ee4149673d4b550c9c9f5edf96" ON "recommendation" ("guideline_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_77f23fa5bdfd0495d455dbc556" ON "recommendation" ("intervention_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."assessment_kind" AS ENUM('STANDPUNT', 'PAKKETADVIES', 'DUIDING')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."assessment_outcome" AS ENUM(
                'INSURED',
                'NOT_INSURED',
                'INSURED_WITH_CONDITIONS',
                'CONDITIONAL_ADMISSION',
                'UNDER_ASSESSMENT'
            )
        `);
    // date_precision belongs to the shared FuzzyDate embeddable; another branch's migration may create it first.
    await queryRunner.query(`
            DO $$ BEGIN
                CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'QUARTER', 'HALF', 'SEASON', 'YEAR', 'RANGE');
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TABLE "package_assessment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "title" text NOT NULL,
                "kind" "public"."assessment_kind" NOT NULL,
                "assessor_party_id" uuid NOT NULL,
                "intervention_id" uuid,
                "indication" text,
                "sector_id" uuid,
                "outcome" "public"."assessment_outcome",
                "conditions" text,
                "url" text,
                "published" boolean NOT NULL DEFAULT false,
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                "decision_date_label" text,
                "decision_date_earliest" date,
                "decision_date_latest" date,
                "decision_date_precision" "public"."date_precision",
                CONSTRAINT "UQ_77b6861498f98e99e818e80e55d" UNIQUE ("key"),
                CONSTRAINT "PK_1b1bb86d2858ef7722cae8c5334" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_61efb4701a42103424c697641a" ON "package_assessment" ("assessor_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_61934b0d65ae4c47dc9c17d0de" ON "package_assessment" ("intervention_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_aa64f22d5b89baa7195f058615" ON "package_assessment" ("sector_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c91dc89a82c77eb33e17792c00" ON "package_assessment" ("outcome")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."criterion_verdict" AS ENUM('MET', 'NOT_MET', 'PARTLY_MET', 'NOT_ASSESSED')
        `);
    await queryRunner.query(`
            CREATE TABLE "assessment_criterion_verdict" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "assessment_id" uuid NOT NULL,
                "criterion_id" uuid NOT NULL,
                "verdict" "public"."criterion_verdict" NOT NULL,
                "explanation" text,
                CONSTRAINT "assessment_criterion_verdict_unique" UNIQUE ("assessment_id", "criterion_id"),
                CONSTRAINT "PK_7a29837237d3f32a26a27431d76" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_03532dcf0e5b7b6185eb469e9e" ON "assessment_criterion_verdict" ("assessment_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0d598bd0c847ab1df3c562985b" ON "assessment_criterion_verdict" ("criterion_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."synergy_link_type" AS ENUM(
                'SHARED_EVIDENCE',
                'GUIDELINE_BASIS_FOR_COVERAGE',
                'ASSESSMENT_REQUIRES_GUIDELINE_UPDATE',
                'ASSESSMENT_CHALLENGES_GUIDELINE',
                'AGREEMENT_WITH_PROFESSION',
                'CONDITION_OWNED_BY_PROFESSION',
                'DEIMPLEMENTATION',
                'KNOWLEDGE_GAP',
                'ALTERNATIVE_TO_ASSESSMENT',
                'GUIDELINE_AS_EVIDENCE_FOR_CRITERION'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."synergy_alignment" AS ENUM(
                'ALIGNED',
                'PARTIALLY_ALIGNED',
                'DIVERGENT',
                'UNDER_REVIEW',
                'NEEDS_REVIEW'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."synergy_link_side" AS ENUM('GUIDELINE_OWNER', 'ASSESSOR')
        `);
    await queryRunner.query(`
            CREATE TABLE "synergy_link" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "guideline_id" uuid NOT NULL,
                "recommendation_id" uuid,
                "assessment_id" uuid NOT NULL,
                "link_type" "public"."synergy_link_type" NOT NULL,
                "alignment" "public"."synergy_alignment" NOT NULL,
                "rationale" text,
                "owner_confirmed_at" TIMESTAMP WITH TIME ZONE,
                "owner_confirmed_by_id" uuid,
                "owner_confirmed_party_id" uuid,
                "assessor_confirmed_at" TIMESTAMP WITH TIME ZONE,
                "assessor_confirmed_by_id" uuid,
                "assessor_confirmed_party_id" uuid,
                "dispute_side" "public"."synergy_link_side",
                "dispute_reason" text,
                "disputed_at" TIMESTAMP WITH TIME ZONE,
                "disputed_by_id" uuid,
                "disputed_party_id" uuid,
                "pending_since" TIMESTAMP WITH TIME ZONE,
                "review_reason" text,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_dfb33215f907d8f77a0b1938969" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_69738b472f86c58256dc3744f6" ON "synergy_link" ("guideline_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e4ebb8320da6bd2f23baaa8650" ON "synergy_link" ("recommendation_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f6fd7f5658f039bde7e3750970" ON "synergy_link" ("assessment_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fadf1dd2efa17885d02b29562e" ON "synergy_link" ("alignment")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e9352724a92d3d4103e73b5fd0" ON "synergy_link" ("owner_confirmed_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d88b7c620996c4db1e980cdab5" ON "synergy_link" ("owner_confirmed_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ecd9b3694556286f99426ec86e" ON "synergy_link" ("assessor_confirmed_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bb60779d7173134e8f2242e29e" ON "synergy_link" ("assessor_confirmed_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_140dcdd782e4c3bebe2b27d892" ON "synergy_link" ("disputed_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bcd23c16c1e52d6ecad7ccdc7f" ON "synergy_link" ("disputed_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_35e8b5cd845867bbdb7e4e234a" ON "synergy_link" ("pending_since")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "synergy_link_guideline_unique" ON "synergy_link" ("guideline_id", "assessment_id", "link_type")
            WHERE recommendation_id IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "synergy_link_recommendation_unique" ON "synergy_link" (
                "recommendation_id",
                "assessment_id",
                "link_type"
            )
            WHERE recommendation_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."trajectory_phase" AS ENUM(
                'PLANNED',
                'START_AGREEMENT',
                'EXECUTION',
                'EVALUATION',
                'IMPLEMENTATION',
                'COMPLETED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "synergy_trajectory" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "name" text NOT NULL,
                "sector_id" uuid,
                "phase" "public"."trajectory_phase" NOT NULL,
                "phase_as_of" date,
                "deliverable_keys" text array NOT NULL DEFAULT '{}',
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "UQ_92554dc63613ed240f1889dc9b8" UNIQUE ("key"),
                CONSTRAINT "PK_a35840906b8850e7e5a3a62131c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d980360134be129d4a40bd74d5" ON "synergy_trajectory" ("sector_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "guideline_owner" (
                "guideline_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_566674f7d6ce688171bfd601f0f" PRIMARY KEY ("guideline_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bd44fc18a538ad2a81af1f715c" ON "guideline_owner" ("guideline_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_333e9b4da65af8449ba0aebb35" ON "guideline_owner" ("party_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "guideline_sector" (
                "guideline_id" uuid NOT NULL,
                "sector_id" uuid NOT NULL,
                CONSTRAINT "PK_0e91ec5c180a0bd681242b3fbb9" PRIMARY KEY ("guideline_id", "sector_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ef782b7d647518998c0973ffed" ON "guideline_sector" ("guideline_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_12a24f00d7c4cf311cd40e6aaa" ON "guideline_sector" ("sector_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "synergy_trajectory_party" (
                "synergy_trajectory_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_c590666319c39bf71b7054031a8" PRIMARY KEY ("synergy_trajectory_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9bd6c280bc15925bcc590118dc" ON "synergy_trajectory_party" ("synergy_trajectory_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6fd6aa5a413488e7235cbb7fac" ON "synergy_trajectory_party" ("party_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "recommendation"
            ADD CONSTRAINT "FK_ee4149673d4b550c9c9f5edf967" FOREIGN KEY ("guideline_id") REFERENCES "guideline"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "recommendation"
            ADD CONSTRAINT "FK_77f23fa5bdfd0495d455dbc5562" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "package_assessment"
            ADD CONSTRAINT "FK_61efb4701a42103424c697641a8" FOREIGN KEY ("assessor_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "package_assessment"
            ADD CONSTRAINT "FK_61934b0d65ae4c47dc9c17d0de6" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "package_assessment"
            ADD CONSTRAINT "FK_aa64f22d5b89baa7195f058615f" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment_criterion_verdict"
            ADD CONSTRAINT "FK_03532dcf0e5b7b6185eb469e9e5" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment_criterion_verdict"
            ADD CONSTRAINT "FK_0d598bd0c847ab1df3c562985b3" FOREIGN KEY ("criterion_id") REFERENCES "package_criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_69738b472f86c58256dc3744f68" FOREIGN KEY ("guideline_id") REFERENCES "guideline"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_e4ebb8320da6bd2f23baaa86501" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_f6fd7f5658f039bde7e37509700" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_e9352724a92d3d4103e73b5fd00" FOREIGN KEY ("owner_confirmed_by_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_d88b7c620996c4db1e980cdab5a" FOREIGN KEY ("owner_confirmed_party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_ecd9b3694556286f99426ec86e5" FOREIGN KEY ("assessor_confirmed_by_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_bb60779d7173134e8f2242e29e9" FOREIGN KEY ("assessor_confirmed_party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_140dcdd782e4c3bebe2b27d892f" FOREIGN KEY ("disputed_by_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link"
            ADD CONSTRAINT "FK_bcd23c16c1e52d6ecad7ccdc7fc" FOREIGN KEY ("disputed_party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_trajectory"
            ADD CONSTRAINT "FK_d980360134be129d4a40bd74d58" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_owner"
            ADD CONSTRAINT "FK_bd44fc18a538ad2a81af1f715c4" FOREIGN KEY ("guideline_id") REFERENCES "guideline"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_owner"
            ADD CONSTRAINT "FK_333e9b4da65af8449ba0aebb358" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_sector"
            ADD CONSTRAINT "FK_ef782b7d647518998c0973ffedb" FOREIGN KEY ("guideline_id") REFERENCES "guideline"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_sector"
            ADD CONSTRAINT "FK_12a24f00d7c4cf311cd40e6aaa9" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_trajectory_party"
            ADD CONSTRAINT "FK_9bd6c280bc15925bcc590118dcd" FOREIGN KEY ("synergy_trajectory_id") REFERENCES "synergy_trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_trajectory_party"
            ADD CONSTRAINT "FK_6fd6aa5a413488e7235cbb7fac4" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "synergy_trajectory_party" DROP CONSTRAINT "FK_6fd6aa5a413488e7235cbb7fac4"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_trajectory_party" DROP CONSTRAINT "FK_9bd6c280bc15925bcc590118dcd"
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_sector" DROP CONSTRAINT "FK_12a24f00d7c4cf311cd40e6aaa9"
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_sector" DROP CONSTRAINT "FK_ef782b7d647518998c0973ffedb"
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_owner" DROP CONSTRAINT "FK_333e9b4da65af8449ba0aebb358"
        `);
    await queryRunner.query(`
            ALTER TABLE "guideline_owner" DROP CONSTRAINT "FK_bd44fc18a538ad2a81af1f715c4"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_trajectory" DROP CONSTRAINT "FK_d980360134be129d4a40bd74d58"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_bcd23c16c1e52d6ecad7ccdc7fc"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_140dcdd782e4c3bebe2b27d892f"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_bb60779d7173134e8f2242e29e9"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_ecd9b3694556286f99426ec86e5"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_d88b7c620996c4db1e980cdab5a"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_e9352724a92d3d4103e73b5fd00"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_f6fd7f5658f039bde7e37509700"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_e4ebb8320da6bd2f23baaa86501"
        `);
    await queryRunner.query(`
            ALTER TABLE "synergy_link" DROP CONSTRAINT "FK_69738b472f86c58256dc3744f68"
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment_criterion_verdict" DROP CONSTRAINT "FK_0d598bd0c847ab1df3c562985b3"
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment_criterion_verdict" DROP CONSTRAINT "FK_03532dcf0e5b7b6185eb469e9e5"
        `);
    await queryRunner.query(`
            ALTER TABLE "package_assessment" DROP CONSTRAINT "FK_aa64f22d5b89baa7195f058615f"
        `);
    await queryRunner.query(`
            ALTER TABLE "package_assessment" DROP CONSTRAINT "FK_61934b0d65ae4c47dc9c17d0de6"
        `);
    await queryRunner.query(`
            ALTER TABLE "package_assessment" DROP CONSTRAINT "FK_61efb4701a42103424c697641a8"
        `);
    await queryRunner.query(`
            ALTER TABLE "recommendation" DROP CONSTRAINT "FK_77f23fa5bdfd0495d455dbc5562"
        `);
    await queryRunner.query(`
            ALTER TABLE "recommendation" DROP CONSTRAINT "FK_ee4149673d4b550c9c9f5edf967"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6fd6aa5a413488e7235cbb7fac"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9bd6c280bc15925bcc590118dc"
        `);
    await queryRunner.query(`
            DROP TABLE "synergy_trajectory_party"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_12a24f00d7c4cf311cd40e6aaa"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ef782b7d647518998c0973ffed"
        `);
    await queryRunner.query(`
            DROP TABLE "guideline_sector"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_333e9b4da65af8449ba0aebb35"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bd44fc18a538ad2a81af1f715c"
        `);
    await queryRunner.query(`
            DROP TABLE "guideline_owner"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d980360134be129d4a40bd74d5"
        `);
    await queryRunner.query(`
            DROP TABLE "synergy_trajectory"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."trajectory_phase"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."synergy_link_recommendation_unique"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."synergy_link_guideline_unique"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_35e8b5cd845867bbdb7e4e234a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bcd23c16c1e52d6ecad7ccdc7f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_140dcdd782e4c3bebe2b27d892"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bb60779d7173134e8f2242e29e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ecd9b3694556286f99426ec86e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d88b7c620996c4db1e980cdab5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e9352724a92d3d4103e73b5fd0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fadf1dd2efa17885d02b29562e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f6fd7f5658f039bde7e3750970"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e4ebb8320da6bd2f23baaa8650"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_69738b472f86c58256dc3744f6"
        `);
    await queryRunner.query(`
            DROP TABLE "synergy_link"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."synergy_link_side"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."synergy_alignment"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."synergy_link_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0d598bd0c847ab1df3c562985b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_03532dcf0e5b7b6185eb469e9e"
        `);
    await queryRunner.query(`
            DROP TABLE "assessment_criterion_verdict"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."criterion_verdict"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c91dc89a82c77eb33e17792c00"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_aa64f22d5b89baa7195f058615"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_61934b0d65ae4c47dc9c17d0de"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_61efb4701a42103424c697641a"
        `);
    await queryRunner.query(`
            DROP TABLE "package_assessment"
        `);
    // Only when no other table (of another domain) still uses the shared type.
    await queryRunner.query(`
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                               WHERE t.typname = 'date_precision' AND a.attnum > 0 AND NOT a.attisdropped) THEN
                    DROP TYPE "public"."date_precision";
                END IF;
            END $$
        `);
    await queryRunner.query(`
            DROP TYPE "public"."assessment_outcome"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."assessment_kind"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_77f23fa5bdfd0495d455dbc556"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ee4149673d4b550c9c9f5edf96"
        `);
    await queryRunner.query(`
            DROP TABLE "recommendation"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."evidence_certainty"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."recommendation_strength"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."recommendation_kind"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fd264bbe245e899bfd0e4a3aa1"
        `);
    await queryRunner.query(`
            DROP TABLE "guideline"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."guideline_status"
        `);
  }
}
