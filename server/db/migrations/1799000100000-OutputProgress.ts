import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress from artefacts: a deliverable output says what happens when it reaches its goal (complete
 * the deliverable or suggest it), for a trajectory which phase counts, and when it was reached, so it
 * acts once. Status updates and status changes the platform derives cite the record (source_*).
 */
export class OutputProgress1799000100000 implements MigrationInterface {
  name = 'OutputProgress1799000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."output_reached_action" AS ENUM('COMPLETE', 'SUGGEST')`);
    await queryRunner.query(
      `ALTER TABLE "deliverable_output" ADD "on_reached" "public"."output_reached_action" NOT NULL DEFAULT 'COMPLETE'`,
    );
    await queryRunner.query(`ALTER TABLE "deliverable_output" ADD "target_phase" "public"."trajectory_phase"`);
    await queryRunner.query(`ALTER TABLE "deliverable_output" ADD "reached_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "status_update" ADD "derived" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "status_update" ADD "suggested_status" "public"."deliverable_status"`);
    for (const table of ['status_update', 'deliverable_status_change']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "source_type" "public"."output_target_type"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "source_key" text`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "source_label" text`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['status_update', 'deliverable_status_change']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "source_label"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "source_key"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "source_type"`);
    }
    await queryRunner.query(`ALTER TABLE "status_update" DROP COLUMN "suggested_status"`);
    await queryRunner.query(`ALTER TABLE "status_update" DROP COLUMN "derived"`);
    await queryRunner.query(`ALTER TABLE "deliverable_output" DROP COLUMN "reached_at"`);
    await queryRunner.query(`ALTER TABLE "deliverable_output" DROP COLUMN "target_phase"`);
    await queryRunner.query(`ALTER TABLE "deliverable_output" DROP COLUMN "on_reached"`);
    await queryRunner.query(`DROP TYPE "public"."output_reached_action"`);
  }
}
