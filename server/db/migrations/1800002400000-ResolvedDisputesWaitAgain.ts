import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A link whose dispute is resolved waits for confirmation again, but its inbox item was keyed by
 * `pending_since`, which a resolution keeps: read before the dispute, it came back read. The inbox now keys
 * it by the latest of the two. Links resolved before keep their items (and read marks) as they were.
 */
export class ResolvedDisputesWaitAgain1800002400000 implements MigrationInterface {
  name = 'ResolvedDisputesWaitAgain1800002400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "synergy_link" ADD "dispute_resolved_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "synergy_link" DROP COLUMN "dispute_resolved_at"`);
  }
}
