import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group owners: a deliverable owned by a party kind ("zorgverzekeraars") is reported on by the editors
 * of every party of that kind (a capability of its own, so the grant is data), and VWS may name one of
 * them as the lead party (trekker) that answers for it.
 */
export class GroupOwners1799000000000 implements MigrationInterface {
  name = 'GroupOwners1799000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'REPORT_AS_GROUP_OWNER'`);
    await queryRunner.query(`ALTER TABLE "deliverable" ADD "lead_party_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_0d215d2fc372cf267d8f5cc06b" ON "deliverable" ("lead_party_id")`);
    await queryRunner.query(
      `ALTER TABLE "deliverable" ADD CONSTRAINT "FK_0d215d2fc372cf267d8f5cc06b4" FOREIGN KEY ("lead_party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Finding the deliverables a party's kind owns (myDeliverables, the party dashboard).
    await queryRunner.query(
      `CREATE INDEX "deliverable_owner_party_kinds" ON "deliverable" USING gin ("owner_party_kinds")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "deliverable_owner_party_kinds"`);
    await queryRunner.query(`ALTER TABLE "deliverable" DROP CONSTRAINT "FK_0d215d2fc372cf267d8f5cc06b4"`);
    await queryRunner.query(`DROP INDEX "IDX_0d215d2fc372cf267d8f5cc06b"`);
    await queryRunner.query(`ALTER TABLE "deliverable" DROP COLUMN "lead_party_id"`);
    await queryRunner.query(`DELETE FROM "capability_grant" WHERE "capability" = 'REPORT_AS_GROUP_OWNER'`);
    // PostgreSQL cannot drop an enum value; the unused value stays, which the previous code ignores.
  }
}
