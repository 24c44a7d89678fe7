import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account added without a name took its e-mail address as its name, which fellow members and the audit
 * trail show to people who may not see addresses. New accounts get a neutral name
 * (server/services/identity/membership.service.ts); this gives the existing ones the same.
 */
export class NamesWithoutAddresses1800001400000 implements MigrationInterface {
  name = 'NamesWithoutAddresses1800001400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "user" SET "name" = 'Nieuw lid' WHERE lower("name") = lower("email")`);
  }

  public async down(): Promise<void> {
    // The addresses are still in `email`; nothing is lost that needs putting back.
  }
}
