import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timestamps lists page by hold milliseconds, as a JavaScript Date and a page's cursor do (see
 * `paginate`): at PostgreSQL's default microseconds the last row of a page sorted after its own cursor,
 * so the next page began with it again and the walk never ended. audit_event.occurred_at has been
 * `timestamptz(3)` from the start; these two were not. Existing values are rounded to the millisecond.
 */
export class PageKeysInMilliseconds1800002770000 implements MigrationInterface {
  name = 'PageKeysInMilliseconds1800002770000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "synergy_link" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ALTER COLUMN "created_at" TYPE TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "synergy_link" ALTER COLUMN "created_at" TYPE TIMESTAMP WITH TIME ZONE`);
  }
}
