import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A party's short name is unique, case ignored: a party editor could otherwise take another party's
 * ("VWS") and pass for it. And the audit trail keeps the `x-request-id` a client sent apart from the
 * server's own request id, which a client can no longer choose.
 */
export class ShortNamesAndClientRequestIds1796760000000 implements MigrationInterface {
  name = 'ShortNamesAndClientRequestIds1796760000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const taken: { short_name: string; names: string }[] = await queryRunner.query(
      `SELECT lower(short_name) AS short_name, string_agg(name, ', ' ORDER BY name) AS names
         FROM party WHERE short_name IS NOT NULL GROUP BY lower(short_name) HAVING count(*) > 1`,
    );
    if (taken.length > 0) {
      throw new Error(
        `Parties share a short name (case ignored): ${taken.map((t) => `"${t.short_name}" (${t.names})`).join('; ')}. Give each its own, then migrate again.`,
      );
    }
    await queryRunner.query(`CREATE UNIQUE INDEX "party_short_name_unique" ON "party" (lower("short_name"))`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "client_request_id" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "client_request_id"`);
    await queryRunner.query(`DROP INDEX "party_short_name_unique"`);
  }
}
