import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A knowledge gap's question keeps its recommendation's guideline, so that once the recommendation is
 * removed (its id set to null) those who may read the guideline can tell a removed recommendation from a
 * hidden one. Filled from the recommendations still there; one already removed has no guideline to give.
 */
export class QuestionOriginGuideline1800002600000 implements MigrationInterface {
  name = 'QuestionOriginGuideline1800002600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "knowledge_question" ADD "origin_guideline_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "IDX_1dd1b8cb0ab387d30bb08d7545" ON "knowledge_question" ("origin_guideline_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_question" ADD CONSTRAINT "FK_1dd1b8cb0ab387d30bb08d7545d" FOREIGN KEY ("origin_guideline_id") REFERENCES "guideline"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `UPDATE knowledge_question q SET origin_guideline_id = r.guideline_id
         FROM recommendation r WHERE r.id = q.origin_recommendation_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_1dd1b8cb0ab387d30bb08d7545d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1dd1b8cb0ab387d30bb08d7545"`);
    await queryRunner.query(`ALTER TABLE "knowledge_question" DROP COLUMN "origin_guideline_id"`);
  }
}
