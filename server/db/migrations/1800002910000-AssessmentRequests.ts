import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request for an assessment (verzoek om beoordeling): insurers, provider associations and VWS ask the
 * Zorginstituut whether an intervention belongs in the basic package (zin-beoordeelt-op-verzoek), as a package
 * signal of kind ASSESSMENT_REQUEST, raised with REQUEST_PACKAGE_ASSESSMENT. The grants come with the seed: its
 * checksum changes, so start-up loads it again and inserts the new rows of an existing database too.
 */
export class AssessmentRequests1800002910000 implements MigrationInterface {
  name = 'AssessmentRequests1800002910000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."package_signal_kind" ADD VALUE IF NOT EXISTS 'ASSESSMENT_REQUEST'`);
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'REQUEST_PACKAGE_ASSESSMENT'`);
  }

  /**
   * PostgreSQL drops no enum value: each type is made again without it. A request raised meanwhile stays, as a
   * SIGNAL (what the code before this reads it as), with its answer; every grant of the capability goes (the
   * type has no place for it), and the code before this knows no other kind to hold a provider association or
   * VWS to. The seed's record of the grants is forgotten, so start-up after an `up` again loads them again.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "package_signal" SET "kind" = 'SIGNAL' WHERE "kind" = 'ASSESSMENT_REQUEST'`);
    await queryRunner.query(`DELETE FROM "capability_grant" WHERE "capability" = 'REQUEST_PACKAGE_ASSESSMENT'`);
    await queryRunner.query(`DELETE FROM "seed_run" WHERE "dataset" = 'capability-grants'`);
    await this.dropValue(queryRunner, 'package_signal_kind', 'ASSESSMENT_REQUEST', 'package_signal', 'kind');
    await this.dropValue(queryRunner, 'capability', 'REQUEST_PACKAGE_ASSESSMENT', 'capability_grant', 'capability');
  }

  /** The type again, its other values in their order, and the one column that has it cast over. */
  private async dropValue(queryRunner: QueryRunner, type: string, value: string, table: string, column: string) {
    const rows: { label: string }[] = await queryRunner.query(
      `SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`,
      [`"public"."${type}"`],
    );
    const labels = rows.map((r) => r.label).filter((l) => l !== value);
    await queryRunner.query(
      `CREATE TYPE "public"."${type}_old" AS ENUM(${labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ')})`,
    );
    await queryRunner.query(
      `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "public"."${type}_old" USING "${column}"::text::"public"."${type}_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."${type}"`);
    await queryRunner.query(`ALTER TYPE "public"."${type}_old" RENAME TO "${type}"`);
  }
}
