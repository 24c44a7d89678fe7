import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the webhook worker keeps per delivery, and finds it by:
 * - `leased_until`: set while a worker sends it, cleared when the attempt is recorded; a redelivery asked
 *   for meanwhile is refused, and a lease that runs out (a worker that died) frees it again;
 * - the due deliveries per endpoint, oldest first: each endpoint's next delivery is leased as soon as its
 *   last one is sent;
 * - finished deliveries by the time they finished: those older than WEBHOOK_LOG_RETENTION_DAYS are pruned.
 */
export class WebhookWorkerState1800001200000 implements MigrationInterface {
  name = 'WebhookWorkerState1800001200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A database built from an earlier draft of this change (WebhookLogRetention, never released) has an
    // index of this name on created_at alone: replaced.
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_webhook_delivery_finished"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD IF NOT EXISTS "leased_until" timestamptz`);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_endpoint_due" ON "webhook_delivery" ("endpoint_id", "next_attempt_at")
        WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_finished" ON "webhook_delivery"
        ((coalesce("delivered_at", "last_attempt_at", "created_at"))) WHERE "status" <> 'PENDING'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_webhook_delivery_finished"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_delivery_endpoint_due"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP COLUMN "leased_until"`);
  }
}
