import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rotated webhook secret keeps signing for a day after its rotation, but an endpoint held only one such
 * secret: a second rotation within the day dropped the first at once, and receivers still on it failed.
 * Every secret still inside its day is kept now (`previous_secrets`, newest first), each with its end.
 */
export class WebhookSecretsPerRotation1800002500000 implements MigrationInterface {
  name = 'WebhookSecretsPerRotation1800002500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_endpoint" ADD "previous_secrets" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `UPDATE "webhook_endpoint"
          SET "previous_secrets" = jsonb_build_array(
                jsonb_build_object('secret', "previous_secret", 'until', "previous_secret_until"))
        WHERE "previous_secret" IS NOT NULL AND "previous_secret_until" > now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoint" DROP COLUMN "previous_secret", DROP COLUMN "previous_secret_until"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoint" ADD "previous_secret" text, ADD "previous_secret_until" timestamptz`,
    );
    // One column pair holds one secret: the newest rotated one stays.
    await queryRunner.query(
      `UPDATE "webhook_endpoint"
          SET "previous_secret" = "previous_secrets" -> 0 ->> 'secret',
              "previous_secret_until" = ("previous_secrets" -> 0 ->> 'until')::timestamptz
        WHERE jsonb_array_length("previous_secrets") > 0`,
    );
    await queryRunner.query(`ALTER TABLE "webhook_endpoint" DROP COLUMN "previous_secrets"`);
  }
}
