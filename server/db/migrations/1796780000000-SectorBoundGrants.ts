import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A capability grant can be bound to one sector: ZE&GG coordinates agendas of medical specialist care
 * (msz) only, and its grant must not let it create or coordinate a ggz agenda (issue 19, F3).
 */
export class SectorBoundGrants1796780000000 implements MigrationInterface {
  name = 'SectorBoundGrants1796780000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "capability_grant" ADD "sector_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_9c97fd08d5a806638ac1e46c94" ON "capability_grant" ("sector_id")`);
    await queryRunner.query(
      `ALTER TABLE "capability_grant" ADD CONSTRAINT "FK_9c97fd08d5a806638ac1e46c94d" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE CASCADE`,
    );
    // Databases seeded before: the seed only inserts missing grants, so bind the existing one here.
    await queryRunner.query(
      `UPDATE "capability_grant" SET "sector_id" = (SELECT "id" FROM "sector" WHERE "key" = 'msz')
        WHERE "key" = 'zegg-coordinate-msz-agendas'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "capability_grant" DROP CONSTRAINT "FK_9c97fd08d5a806638ac1e46c94d"`);
    await queryRunner.query(`DROP INDEX "IDX_9c97fd08d5a806638ac1e46c94"`);
    await queryRunner.query(`ALTER TABLE "capability_grant" DROP COLUMN "sector_id"`);
  }
}
