import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_RATIONALE = 'Research agendas per sub-sector are coordinated by the Zorginstituut.';
const NEW_RATIONALE =
  'Research agendas per sub-sector are coordinated by the Zorginstituut, in every sector but medical specialist care (msz), where ZE&GG coordinates them.';

/**
 * A capability grant can leave out one sector: Zorginstituut coordinates the research agendas of every sector but
 * msz, which ZE&GG coordinates (“onder coördinatie van het Zorginstituut of ZE&GG (msz-sector)”), and its grant
 * reached msz agendas and the questions only they hold too. The seed (capability-grants.json) says the same for
 * new databases; here the grant of an existing one is narrowed, only where it is still as seeded (a grant an
 * operator changed stays theirs). The grants' version trigger makes every instance read them again.
 */
export class AgendaGrantsExcludingASector1800002960000 implements MigrationInterface {
  name = 'AgendaGrantsExcludingASector1800002960000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "capability_grant" ADD "excluded_sector_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "capability_grant" ADD CONSTRAINT "capability_grant_one_sector_binding" CHECK ("sector_id" IS NULL OR "excluded_sector_id" IS NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7e7319299eed29c149bfd457dd" ON "capability_grant" ("excluded_sector_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "capability_grant" ADD CONSTRAINT "FK_7e7319299eed29c149bfd457ddc" FOREIGN KEY ("excluded_sector_id") REFERENCES "sector"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `UPDATE capability_grant g SET excluded_sector_id = s.id, rationale = $3
         FROM party p, sector s
        WHERE g.key = 'zin-coordinate-agendas' AND g.capability = 'COORDINATE_AGENDAS' AND g.grantee = 'PARTY'
          AND g.party_id = p.id AND p.key = 'zorginstituut' AND g.scope = 'ANY_PARTY' AND g.sector_id IS NULL
          AND g.rationale = $2 AND s.key = $1`,
      ['msz', OLD_RATIONALE, NEW_RATIONALE],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE capability_grant SET rationale = $1 WHERE key = 'zin-coordinate-agendas' AND rationale = $2`,
      [OLD_RATIONALE, NEW_RATIONALE],
    );
    await queryRunner.query(`ALTER TABLE "capability_grant" DROP CONSTRAINT "FK_7e7319299eed29c149bfd457ddc"`);
    await queryRunner.query(`DROP INDEX "IDX_7e7319299eed29c149bfd457dd"`);
    await queryRunner.query(`ALTER TABLE "capability_grant" DROP CONSTRAINT "capability_grant_one_sector_binding"`);
    await queryRunner.query(`ALTER TABLE "capability_grant" DROP COLUMN "excluded_sector_id"`);
  }
}
