import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Interventions1795448792515 implements MigrationInterface {
  name = 'Interventions1795448792515';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "intervention" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "name" text NOT NULL,
                "indication" text,
                "sector_id" uuid,
                "snomed_code" text,
                "atc_code" text,
                "zi_number" text,
                CONSTRAINT "UQ_cfb6894b86f9d2b06917083938f" UNIQUE ("key"),
                CONSTRAINT "PK_b9c85e27e192205b164e5187279" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_277c341983824edb8d1e1d8813" ON "intervention" ("sector_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "intervention"
            ADD CONSTRAINT "FK_277c341983824edb8d1e1d8813e" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "intervention" DROP CONSTRAINT "FK_277c341983824edb8d1e1d8813e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_277c341983824edb8d1e1d8813"
        `);
    await queryRunner.query(`
            DROP TABLE "intervention"
        `);
  }
}
