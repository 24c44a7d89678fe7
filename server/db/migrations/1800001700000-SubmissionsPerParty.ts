import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One submission per call, question and party (was: per call and question). A party submitting a question
 * another party had already submitted was refused, which told it of a submission only that party and the
 * coordinator may know of, and lost its own support for the question.
 */
export class SubmissionsPerParty1800001700000 implements MigrationInterface {
  name = 'SubmissionsPerParty1800001700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "topic_call_submission" DROP CONSTRAINT "topic_call_submission_call_question",
         ADD CONSTRAINT "topic_call_submission_call_question_party" UNIQUE ("call_id", "question_id", "party_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Going back keeps the earliest submission of each question to a call.
    await queryRunner.query(
      `DELETE FROM "topic_call_submission" s USING "topic_call_submission" t
        WHERE t."call_id" = s."call_id" AND t."question_id" = s."question_id"
          AND (t."created_at", t."id") < (s."created_at", s."id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "topic_call_submission" DROP CONSTRAINT "topic_call_submission_call_question_party",
         ADD CONSTRAINT "topic_call_submission_call_question" UNIQUE ("call_id", "question_id")`,
    );
  }
}
