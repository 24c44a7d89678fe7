import type { MigrationInterface, QueryRunner } from 'typeorm';

// Generated, then: the data-change trigger on every new table (response cache), and a down that removes
// the two capabilities' grants before the enum loses them.

const NEW_TABLES = [
  'consultation_round',
  'consultation_round_party',
  'contribution',
  'topic_call',
  'topic_call_party',
  'topic_call_submission',
  'priority_scorecard',
  'priority_score',
  'prioritisation_record',
];

/** Consultation rounds, contributions and responses, topic calls and shared prioritisation (issue 21). */
export class Consultation1798000000000 implements MigrationInterface {
  name = 'Consultation1798000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."consultation_target_kind" AS ENUM(
                'AGENDA_VERSION',
                'PACKAGE_ASSESSMENT',
                'GUIDELINE'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "consultation_round" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "target_kind" "public"."consultation_target_kind" NOT NULL,
                "agenda_version_id" uuid,
                "assessment_id" uuid,
                "guideline_id" uuid,
                "guideline_edition" integer,
                "owner_party_id" uuid NOT NULL,
                "question" text NOT NULL,
                "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "concluded_at" TIMESTAMP WITH TIME ZONE,
                "invited_party_kinds" "public"."party_kind" array NOT NULL DEFAULT '{}',
                "invites_every_iza_party" boolean NOT NULL DEFAULT false,
                "opened_by_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "UQ_6f5f97b9fe3ccf0c12077015fcd" UNIQUE ("key"),
                CONSTRAINT "consultation_round_period" CHECK ("closes_at" > "opens_at"),
                CONSTRAINT "consultation_round_one_target" CHECK (
                    (
                        "target_kind" = 'AGENDA_VERSION'
                        AND "agenda_version_id" IS NOT NULL
                        AND "assessment_id" IS NULL
                        AND "guideline_id" IS NULL
                    )
                    OR (
                        "target_kind" = 'PACKAGE_ASSESSMENT'
                        AND "assessment_id" IS NOT NULL
                        AND "agenda_version_id" IS NULL
                        AND "guideline_id" IS NULL
                    )
                    OR (
                        "target_kind" = 'GUIDELINE'
                        AND "guideline_id" IS NOT NULL
                        AND "agenda_version_id" IS NULL
                        AND "assessment_id" IS NULL
                    )
                ),
                CONSTRAINT "PK_6e60fe6477606114d035b58a527" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_51094034893ffc8270d8b13e64" ON "consultation_round" ("agenda_version_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_54b0501a6c836f9366c9881282" ON "consultation_round" ("assessment_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b32aaeb6ace31770641009189b" ON "consultation_round" ("guideline_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fea37cf953ba55c90d38b33c12" ON "consultation_round" ("owner_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_20b188c743e1ffd50fab596f59" ON "consultation_round" ("opened_by_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "consultation_round_party" (
                "round_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_3dd35bc6dbc71d5374d06fad3a3" PRIMARY KEY ("round_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c39ccbedec937fba29301135da" ON "consultation_round_party" ("party_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."contribution_type" AS ENUM(
                'GENERAL',
                'IMPACT',
                'PATIENT_PERSPECTIVE',
                'EVIDENCE',
                'PROPOSED_CHANGE'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."contribution_anchor_kind" AS ENUM(
                'AGENDA_ITEM',
                'RECOMMENDATION',
                'CRITERION_VERDICT'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."response_kind" AS ENUM(
                'ACCEPTED',
                'PARTLY_ACCEPTED',
                'NOT_ACCEPTED',
                'NOTED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "contribution" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "round_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                "author_user_id" uuid,
                "type" "public"."contribution_type" NOT NULL,
                "text" text NOT NULL,
                "reference" text,
                "anchor_kind" "public"."contribution_anchor_kind",
                "anchor_id" uuid,
                "withdrawn_at" TIMESTAMP WITH TIME ZONE,
                "response" "public"."response_kind",
                "response_reasoning" text,
                "response_change" text,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                "responded_by_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "contribution_anchor" CHECK (("anchor_kind" IS NULL) = ("anchor_id" IS NULL)),
                CONSTRAINT "contribution_evidence_reference" CHECK (
                    "type" <> 'EVIDENCE'
                    OR "reference" IS NOT NULL
                ),
                CONSTRAINT "PK_878330fa5bb34475732a5883d58" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_103b44805f97c62b005c737dc9" ON "contribution" ("round_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4a2fc838b37d32a062e6e3add3" ON "contribution" ("party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4d1c4005eb83519ca26b1cc6d6" ON "contribution" ("author_user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f1877ac557b60dca913710f1cc" ON "contribution" ("responded_by_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "topic_call" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "agenda_id" uuid NOT NULL,
                "agenda_version_id" uuid NOT NULL,
                "coordinator_party_id" uuid NOT NULL,
                "title" text NOT NULL,
                "description" text,
                "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "invited_party_kinds" "public"."party_kind" array NOT NULL DEFAULT '{}',
                "invites_every_iza_party" boolean NOT NULL DEFAULT false,
                "opened_by_user_id" uuid,
                CONSTRAINT "UQ_8e30548ea4f12e3077dba9835d4" UNIQUE ("key"),
                CONSTRAINT "topic_call_period" CHECK ("closes_at" > "opens_at"),
                CONSTRAINT "PK_59ca82a64d055ba328e34358884" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4ea91a7604a28bd37c07efd761" ON "topic_call" ("agenda_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2119bda0caf35ae7896ca59734" ON "topic_call" ("agenda_version_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bc24b1e503b463711697df3777" ON "topic_call" ("coordinator_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ca06087ae76c386fece31cabbf" ON "topic_call" ("opened_by_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "topic_call_party" (
                "call_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_3e1869dbc2ad711a2ba2fa1782c" PRIMARY KEY ("call_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6656f5708393b3b8c0f4cd8295" ON "topic_call_party" ("party_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "topic_call_submission" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "call_id" uuid NOT NULL,
                "question_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                "submitted_by_user_id" uuid,
                "note" text,
                "placed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "topic_call_submission_call_question" UNIQUE ("call_id", "question_id"),
                CONSTRAINT "PK_e8bc29a4428d3856daf159c7920" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_67f188513e8372a49d7eed3003" ON "topic_call_submission" ("call_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_59efdec6dfc7ddc3caed76f9d5" ON "topic_call_submission" ("question_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7519d7ade0ab5630664a62601e" ON "topic_call_submission" ("party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_5a397fb1107a0b4b22ae4e658a" ON "topic_call_submission" ("submitted_by_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "priority_scorecard" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "agenda_version_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                "submitted_by_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "priority_scorecard_version_party" UNIQUE ("agenda_version_id", "party_id"),
                CONSTRAINT "PK_2a63f110526b03906c1fd6d8158" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7de9fc3d86b68e7274cd24be96" ON "priority_scorecard" ("agenda_version_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9e4a270ce864071a4487a32308" ON "priority_scorecard" ("party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_568a81da0c1a485f48388705e8" ON "priority_scorecard" ("submitted_by_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "priority_score" (
                "scorecard_id" uuid NOT NULL,
                "question_id" uuid NOT NULL,
                "criterion_id" uuid NOT NULL,
                "score" integer NOT NULL,
                CONSTRAINT "priority_score_range" CHECK (
                    score BETWEEN 0 AND 5
                ),
                CONSTRAINT "PK_1cee9822fd44cdcf2f92836dbaf" PRIMARY KEY ("scorecard_id", "question_id", "criterion_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7031eeb78cc7ee53925ca08b73" ON "priority_score" ("question_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b3dd867c4943ee1ae2fdb92728" ON "priority_score" ("criterion_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "prioritisation_record" (
                "agenda_version_id" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ranking" jsonb NOT NULL,
                "participant_party_ids" uuid array NOT NULL,
                CONSTRAINT "PK_6a461c032efb9a9fa47f1b1795b" PRIMARY KEY ("agenda_version_id")
            )
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."capability"
            ADD VALUE 'CONTRIBUTE_TO_CONSULTATIONS'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."capability"
            ADD VALUE 'SCORE_SHARED_PRIORITIES'
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round"
            ADD CONSTRAINT "FK_51094034893ffc8270d8b13e649" FOREIGN KEY ("agenda_version_id") REFERENCES "research_agenda_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round"
            ADD CONSTRAINT "FK_54b0501a6c836f9366c9881282a" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round"
            ADD CONSTRAINT "FK_b32aaeb6ace31770641009189ba" FOREIGN KEY ("guideline_id") REFERENCES "guideline"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round"
            ADD CONSTRAINT "FK_fea37cf953ba55c90d38b33c12d" FOREIGN KEY ("owner_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round"
            ADD CONSTRAINT "FK_20b188c743e1ffd50fab596f597" FOREIGN KEY ("opened_by_user_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round_party"
            ADD CONSTRAINT "FK_b248afe438de968666b0f1db7bc" FOREIGN KEY ("round_id") REFERENCES "consultation_round"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round_party"
            ADD CONSTRAINT "FK_c39ccbedec937fba29301135dad" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution"
            ADD CONSTRAINT "FK_103b44805f97c62b005c737dc9b" FOREIGN KEY ("round_id") REFERENCES "consultation_round"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution"
            ADD CONSTRAINT "FK_4a2fc838b37d32a062e6e3add30" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution"
            ADD CONSTRAINT "FK_4d1c4005eb83519ca26b1cc6d6c" FOREIGN KEY ("author_user_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution"
            ADD CONSTRAINT "FK_f1877ac557b60dca913710f1ccb" FOREIGN KEY ("responded_by_user_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call"
            ADD CONSTRAINT "FK_4ea91a7604a28bd37c07efd761d" FOREIGN KEY ("agenda_id") REFERENCES "research_agenda"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call"
            ADD CONSTRAINT "FK_2119bda0caf35ae7896ca59734f" FOREIGN KEY ("agenda_version_id") REFERENCES "research_agenda_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call"
            ADD CONSTRAINT "FK_bc24b1e503b463711697df37777" FOREIGN KEY ("coordinator_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call"
            ADD CONSTRAINT "FK_ca06087ae76c386fece31cabbf5" FOREIGN KEY ("opened_by_user_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_party"
            ADD CONSTRAINT "FK_e0e44c07df69c6eed0ec294fab1" FOREIGN KEY ("call_id") REFERENCES "topic_call"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_party"
            ADD CONSTRAINT "FK_6656f5708393b3b8c0f4cd82957" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission"
            ADD CONSTRAINT "FK_67f188513e8372a49d7eed3003a" FOREIGN KEY ("call_id") REFERENCES "topic_call"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission"
            ADD CONSTRAINT "FK_59efdec6dfc7ddc3caed76f9d55" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission"
            ADD CONSTRAINT "FK_7519d7ade0ab5630664a62601ee" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission"
            ADD CONSTRAINT "FK_5a397fb1107a0b4b22ae4e658aa" FOREIGN KEY ("submitted_by_user_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_scorecard"
            ADD CONSTRAINT "FK_7de9fc3d86b68e7274cd24be96a" FOREIGN KEY ("agenda_version_id") REFERENCES "research_agenda_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_scorecard"
            ADD CONSTRAINT "FK_9e4a270ce864071a4487a32308e" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_scorecard"
            ADD CONSTRAINT "FK_568a81da0c1a485f48388705e80" FOREIGN KEY ("submitted_by_user_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_score"
            ADD CONSTRAINT "FK_b4ddea66c927ff0bfaec131bdc7" FOREIGN KEY ("scorecard_id") REFERENCES "priority_scorecard"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_score"
            ADD CONSTRAINT "FK_7031eeb78cc7ee53925ca08b736" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_score"
            ADD CONSTRAINT "FK_b3dd867c4943ee1ae2fdb927284" FOREIGN KEY ("criterion_id") REFERENCES "prioritisation_criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "prioritisation_record"
            ADD CONSTRAINT "FK_6a461c032efb9a9fa47f1b1795b" FOREIGN KEY ("agenda_version_id") REFERENCES "research_agenda_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    for (const table of NEW_TABLES)
      await queryRunner.query(
        `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
                 FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "prioritisation_record" DROP CONSTRAINT "FK_6a461c032efb9a9fa47f1b1795b"
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_score" DROP CONSTRAINT "FK_b3dd867c4943ee1ae2fdb927284"
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_score" DROP CONSTRAINT "FK_7031eeb78cc7ee53925ca08b736"
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_score" DROP CONSTRAINT "FK_b4ddea66c927ff0bfaec131bdc7"
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_scorecard" DROP CONSTRAINT "FK_568a81da0c1a485f48388705e80"
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_scorecard" DROP CONSTRAINT "FK_9e4a270ce864071a4487a32308e"
        `);
    await queryRunner.query(`
            ALTER TABLE "priority_scorecard" DROP CONSTRAINT "FK_7de9fc3d86b68e7274cd24be96a"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission" DROP CONSTRAINT "FK_5a397fb1107a0b4b22ae4e658aa"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission" DROP CONSTRAINT "FK_7519d7ade0ab5630664a62601ee"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission" DROP CONSTRAINT "FK_59efdec6dfc7ddc3caed76f9d55"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_submission" DROP CONSTRAINT "FK_67f188513e8372a49d7eed3003a"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_party" DROP CONSTRAINT "FK_6656f5708393b3b8c0f4cd82957"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call_party" DROP CONSTRAINT "FK_e0e44c07df69c6eed0ec294fab1"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call" DROP CONSTRAINT "FK_ca06087ae76c386fece31cabbf5"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call" DROP CONSTRAINT "FK_bc24b1e503b463711697df37777"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call" DROP CONSTRAINT "FK_2119bda0caf35ae7896ca59734f"
        `);
    await queryRunner.query(`
            ALTER TABLE "topic_call" DROP CONSTRAINT "FK_4ea91a7604a28bd37c07efd761d"
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution" DROP CONSTRAINT "FK_f1877ac557b60dca913710f1ccb"
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution" DROP CONSTRAINT "FK_4d1c4005eb83519ca26b1cc6d6c"
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution" DROP CONSTRAINT "FK_4a2fc838b37d32a062e6e3add30"
        `);
    await queryRunner.query(`
            ALTER TABLE "contribution" DROP CONSTRAINT "FK_103b44805f97c62b005c737dc9b"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round_party" DROP CONSTRAINT "FK_c39ccbedec937fba29301135dad"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round_party" DROP CONSTRAINT "FK_b248afe438de968666b0f1db7bc"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round" DROP CONSTRAINT "FK_20b188c743e1ffd50fab596f597"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round" DROP CONSTRAINT "FK_fea37cf953ba55c90d38b33c12d"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round" DROP CONSTRAINT "FK_b32aaeb6ace31770641009189ba"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round" DROP CONSTRAINT "FK_54b0501a6c836f9366c9881282a"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultation_round" DROP CONSTRAINT "FK_51094034893ffc8270d8b13e649"
        `);
    await queryRunner.query(
      `DELETE FROM "capability_grant" WHERE "capability" IN ('CONTRIBUTE_TO_CONSULTATIONS', 'SCORE_SHARED_PRIORITIES')`,
    );
    await queryRunner.query(`
            CREATE TYPE "public"."capability_old" AS ENUM(
                'READ_PARTY_INTERNAL',
                'READ_ALL_INTERNAL',
                'EDIT_PARTY_PROFILE',
                'MANAGE_MEMBERS',
                'MANAGE_USERS',
                'VIEW_AUDIT_TRAIL',
                'MANAGE_PROGRAMMES',
                'POST_STATUS_UPDATES',
                'PUBLISH_ASSESSMENTS',
                'COORDINATE_AGENDAS',
                'CONFIRM_SYNERGY_LINKS',
                'RESOLVE_LINK_DISPUTES',
                'MANAGE_GUIDELINES',
                'MANAGE_SYNERGY_LINKS',
                'MAINTAIN_KNOWLEDGE_AGENDA',
                'MANAGE_RESEARCH_PROJECTS',
                'PROPOSE_QUESTIONS',
                'COMMENT_IMPACT',
                'ADD_PATIENT_PERSPECTIVE'
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "capability_grant"
            ALTER COLUMN "capability" TYPE "public"."capability_old" USING "capability"::"text"::"public"."capability_old"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."capability"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."capability_old"
            RENAME TO "capability"
        `);
    await queryRunner.query(`
            DROP TABLE "prioritisation_record"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b3dd867c4943ee1ae2fdb92728"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7031eeb78cc7ee53925ca08b73"
        `);
    await queryRunner.query(`
            DROP TABLE "priority_score"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_568a81da0c1a485f48388705e8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9e4a270ce864071a4487a32308"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7de9fc3d86b68e7274cd24be96"
        `);
    await queryRunner.query(`
            DROP TABLE "priority_scorecard"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5a397fb1107a0b4b22ae4e658a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7519d7ade0ab5630664a62601e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_59efdec6dfc7ddc3caed76f9d5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_67f188513e8372a49d7eed3003"
        `);
    await queryRunner.query(`
            DROP TABLE "topic_call_submission"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6656f5708393b3b8c0f4cd8295"
        `);
    await queryRunner.query(`
            DROP TABLE "topic_call_party"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ca06087ae76c386fece31cabbf"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bc24b1e503b463711697df3777"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2119bda0caf35ae7896ca59734"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4ea91a7604a28bd37c07efd761"
        `);
    await queryRunner.query(`
            DROP TABLE "topic_call"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f1877ac557b60dca913710f1cc"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4d1c4005eb83519ca26b1cc6d6"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4a2fc838b37d32a062e6e3add3"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_103b44805f97c62b005c737dc9"
        `);
    await queryRunner.query(`
            DROP TABLE "contribution"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."response_kind"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."contribution_anchor_kind"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."contribution_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c39ccbedec937fba29301135da"
        `);
    await queryRunner.query(`
            DROP TABLE "consultation_round_party"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_20b188c743e1ffd50fab596f59"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fea37cf953ba55c90d38b33c12"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b32aaeb6ace31770641009189b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_54b0501a6c836f9366c9881282"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_51094034893ffc8270d8b13e64"
        `);
    await queryRunner.query(`
            DROP TABLE "consultation_round"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."consultation_target_kind"
        `);
  }
}
