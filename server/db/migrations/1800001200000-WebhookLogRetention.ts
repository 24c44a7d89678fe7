import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finished deliveries by age: the webhook worker prunes those older than WEBHOOK_LOG_RETENTION_DAYS. */
export class WebhookLogRetention1800001200000 implements MigrationInterface {
  name = 'WebhookLogRetention1800001200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_finished" ON "webhook_delivery" ("created_at") WHERE "status" <> 'PENDING'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_webhook_delivery_finished"`);
  }
}
