import type { MigrationInterface, QueryRunner } from 'typeorm';

/** unaccent and pg_trgm make Dutch search ignore accents and tolerate typos. */
export class Extensions1763900000000 implements MigrationInterface {
  name = 'Extensions1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS pg_trgm');
    await queryRunner.query('DROP EXTENSION IF EXISTS unaccent');
  }
}
