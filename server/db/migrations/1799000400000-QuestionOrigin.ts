import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lineage: a knowledge question records where it comes from — a recommendation's knowledge gap, an
 * assessment (e.g. a conditional admission), a topic call (the submission of issue 21 that brought it in),
 * or a free proposal.
 */
export class QuestionOrigin1799000400000 implements MigrationInterface {
  name = 'QuestionOrigin1799000400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."question_origin_kind" AS ENUM('RECOMMENDATION_GAP', 'ASSESSMENT', 'TOPIC_CALL', 'FREE_PROPOSAL')`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_question" ADD "origin_kind" "public"."question_origin_kind" NOT NULL DEFAULT 'FREE_PROPOSAL'`,
    );
    await queryRunner.query(`ALTER TABLE "knowledge_question" ADD "origin_recommendation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "knowledge_question" ADD "origin_assessment_id" uuid`);
    await queryRunner.query(`ALTER TABLE "knowledge_question" ADD "origin_topic_call_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "IDX_9032e8841372b1df1c4a061357" ON "knowledge_question" ("origin_recommendation_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6704ef0ae067dfd0feb69935a0" ON "knowledge_question" ("origin_assessment_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6fb4011fedf19a33d424c1d4e2" ON "knowledge_question" ("origin_topic_call_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_question" ADD CONSTRAINT "FK_9032e8841372b1df1c4a061357c" FOREIGN KEY ("origin_recommendation_id") REFERENCES "recommendation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_question" ADD CONSTRAINT "FK_6fb4011fedf19a33d424c1d4e24" FOREIGN KEY ("origin_topic_call_id") REFERENCES "topic_call_submission"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_question" ADD CONSTRAINT "FK_6704ef0ae067dfd0feb69935a05" FOREIGN KEY ("origin_assessment_id") REFERENCES "package_assessment"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_6704ef0ae067dfd0feb69935a05"`);
    await queryRunner.query(`ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_6fb4011fedf19a33d424c1d4e24"`);
    await queryRunner.query(`ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_9032e8841372b1df1c4a061357c"`);
    for (const column of ['origin_topic_call_id', 'origin_assessment_id', 'origin_recommendation_id', 'origin_kind'])
      await queryRunner.query(`ALTER TABLE "knowledge_question" DROP COLUMN "${column}"`);
    await queryRunner.query(`DROP TYPE "public"."question_origin_kind"`);
  }
}
