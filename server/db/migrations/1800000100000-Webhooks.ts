import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks (Standard Webhooks): a party's endpoints, and a durable delivery queue in PostgreSQL
 * that workers take from with SKIP LOCKED. Each endpoint keeps its own position in the outbox (`cursor`),
 * so a new endpoint starts at the present and a disabled one does not hold others back.
 */
export class Webhooks1800000100000 implements MigrationInterface {
  name = 'Webhooks1800000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'MANAGE_WEBHOOKS'`);
    await queryRunner.query(`
            CREATE TABLE "webhook_endpoint" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" timestamptz NOT NULL DEFAULT now(),
                "updated_at" timestamptz NOT NULL DEFAULT now(),
                "party_id" uuid NOT NULL,
                "url" text NOT NULL,
                "event_types" text array NOT NULL DEFAULT '{}',
                "secret" text NOT NULL,
                "previous_secret" text,
                "previous_secret_until" timestamptz,
                "enabled" boolean NOT NULL DEFAULT true,
                "disabled_at" timestamptz,
                "disabled_reason" text,
                "consecutive_failures" integer NOT NULL DEFAULT 0,
                "cursor" bigint NOT NULL DEFAULT 0,
                "created_by_id" uuid,
                "version" integer NOT NULL DEFAULT 1,
                CONSTRAINT "PK_webhook_endpoint" PRIMARY KEY ("id"),
                CONSTRAINT "FK_webhook_endpoint_party" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_endpoint_party_id" ON "webhook_endpoint" ("party_id")`);
    await queryRunner.query(`
            CREATE TABLE "webhook_delivery" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" timestamptz NOT NULL DEFAULT now(),
                "endpoint_id" uuid NOT NULL,
                "event_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'PENDING',
                "attempts" integer NOT NULL DEFAULT 0,
                "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
                "last_attempt_at" timestamptz,
                "last_status_code" integer,
                "last_error" text,
                "delivered_at" timestamptz,
                CONSTRAINT "PK_webhook_delivery" PRIMARY KEY ("id"),
                CONSTRAINT "UQ_webhook_delivery_endpoint_event" UNIQUE ("endpoint_id", "event_id"),
                CONSTRAINT "FK_webhook_delivery_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE,
                CONSTRAINT "FK_webhook_delivery_event" FOREIGN KEY ("event_id") REFERENCES "domain_event"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_delivery_event_id" ON "webhook_delivery" ("event_id")`);
    // The workers' queue: pending deliveries by due time.
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_due" ON "webhook_delivery" ("next_attempt_at") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(`
            CREATE TABLE "webhook_attempt" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "delivery_id" uuid NOT NULL,
                "attempted_at" timestamptz NOT NULL DEFAULT now(),
                "status_code" integer,
                "error" text,
                "duration_ms" integer NOT NULL,
                "succeeded" boolean NOT NULL,
                CONSTRAINT "PK_webhook_attempt" PRIMARY KEY ("id"),
                CONSTRAINT "FK_webhook_attempt_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_delivery_id" ON "webhook_attempt" ("delivery_id")`);
    for (const table of ['webhook_endpoint', 'webhook_delivery', 'webhook_attempt'])
      await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
    await queryRunner.query(`DELETE FROM "capability_grant" WHERE "capability" = 'MANAGE_WEBHOOKS'`);
    // PostgreSQL cannot drop an enum value; MANAGE_WEBHOOKS stays in the type, unused.
  }
}
