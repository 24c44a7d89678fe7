import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Package signals (pakketsignalen): a party (an insurer, SIGNAL_PACKAGE_ISSUES) raises a package question
 * to the Zorginstituut (its addressee, the party that answers), which takes it up into an assessment or
 * declines it with its reasoning; co-signing insurers for a Zorg Advies Traject. Its events' scope is the
 * raising, co-signing and addressee parties and the signal's sector: as in TopicCallEvents, the scope
 * function keeps its body under another name and the new one adds the subject type. The cache hears of
 * writes to both tables (iza_notify_data_change).
 */
export class PackageSignals1800002780000 implements MigrationInterface {
  name = 'PackageSignals1800002780000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."capability" ADD VALUE IF NOT EXISTS 'SIGNAL_PACKAGE_ISSUES'`);
    await queryRunner.query(`CREATE TYPE "public"."package_signal_kind" AS ENUM('SIGNAL', 'ZORG_ADVIES_TRAJECT')`);
    await queryRunner.query(
      `CREATE TYPE "public"."package_signal_status" AS ENUM('OPEN', 'TAKEN_UP', 'DECLINED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "package_signal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "raising_party_id" uuid NOT NULL, "raised_by_user_id" uuid, "addressee_party_id" uuid NOT NULL, "kind" "public"."package_signal_kind" NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "intervention_id" uuid, "sector_id" uuid, "status" "public"."package_signal_status" NOT NULL DEFAULT 'OPEN', "assessment_id" uuid, "answer_reasoning" text, "answered_at" TIMESTAMP WITH TIME ZONE, "answered_by_user_id" uuid, "answered_by_party_id" uuid, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "package_signal_declined_reasoning" CHECK ("status" <> 'DECLINED' OR "answer_reasoning" IS NOT NULL), CONSTRAINT "package_signal_taken_up_assessment" CHECK (("status" = 'TAKEN_UP') = ("assessment_id" IS NOT NULL)), CONSTRAINT "PK_d7d2b21a04823e6f96cbb8f0901" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2106f3d6e50c1886037911c3cb" ON "package_signal"  ("raising_party_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_c52e2cfc41b5aebdb1b1ab5d3f" ON "package_signal"  ("raised_by_user_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_9ec23b09196f1961d0f6a56e9e" ON "package_signal"  ("addressee_party_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_395df8c6a4b4c555b22a1f2862" ON "package_signal"  ("intervention_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_0cb350157ab68c7d4fd4ca47e7" ON "package_signal"  ("sector_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_bd95f9481bca732e89f9ba3b7a" ON "package_signal"  ("assessment_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_193e1c9fa7c0c7bfd669751e7c" ON "package_signal"  ("answered_by_user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_45bfd345b0f85462c0a4df547d" ON "package_signal"  ("answered_by_party_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "package_signal_co_signer" ("signal_id" uuid NOT NULL, "party_id" uuid NOT NULL, CONSTRAINT "PK_c957bdda2a2f0feb5929e79915d" PRIMARY KEY ("signal_id", "party_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_24b599c20abba1b7c519515586" ON "package_signal_co_signer"  ("party_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_2106f3d6e50c1886037911c3cbd" FOREIGN KEY ("raising_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_c52e2cfc41b5aebdb1b1ab5d3fd" FOREIGN KEY ("raised_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_9ec23b09196f1961d0f6a56e9e0" FOREIGN KEY ("addressee_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_395df8c6a4b4c555b22a1f28626" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_0cb350157ab68c7d4fd4ca47e7b" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_bd95f9481bca732e89f9ba3b7ab" FOREIGN KEY ("assessment_id") REFERENCES "package_assessment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_193e1c9fa7c0c7bfd669751e7cd" FOREIGN KEY ("answered_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal" ADD CONSTRAINT "FK_45bfd345b0f85462c0a4df547dd" FOREIGN KEY ("answered_by_party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" ADD CONSTRAINT "FK_1817bdea1bf9f19c938806a4ee7" FOREIGN KEY ("signal_id") REFERENCES "package_signal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" ADD CONSTRAINT "FK_24b599c20abba1b7c5195155863" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of ['package_signal', 'package_signal_co_signer'])
      await queryRunner.query(
        `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
                 FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
      );
    await queryRunner.query(
      `ALTER FUNCTION domain_event_scope(text, uuid) RENAME TO domain_event_scope_before_signals`,
    );
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            BEGIN
                IF s_type <> 'PackageSignal' THEN
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_signals(s_type, s_id) b;
                    RETURN;
                END IF;
                SELECT array_cat(ARRAY[s.raising_party_id, s.addressee_party_id],
                                 coalesce((SELECT array_agg(c.party_id) FROM package_signal_co_signer c WHERE c.signal_id = s.id), '{}')),
                       coalesce(array_remove(ARRAY[s.sector_id], NULL), '{}')
                  INTO party_ids, sector_ids
                  FROM package_signal s WHERE s.id = s_id;
                party_ids := coalesce(party_ids, '{}'); sector_ids := coalesce(sector_ids, '{}');
            END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(
      `ALTER FUNCTION domain_event_scope_before_signals(text, uuid) RENAME TO domain_event_scope`,
    );
    await queryRunner.query(`DELETE FROM "domain_event" WHERE "subject_type" = 'PackageSignal'`);
    await queryRunner.query(`DROP TABLE "package_signal_co_signer"`);
    await queryRunner.query(`DROP TABLE "package_signal"`);
    await queryRunner.query(`DROP TYPE "public"."package_signal_status"`);
    await queryRunner.query(`DROP TYPE "public"."package_signal_kind"`);
    await queryRunner.query(`DELETE FROM "capability_grant" WHERE "capability" = 'SIGNAL_PACKAGE_ISSUES'`);
    // PostgreSQL cannot drop an enum value; SIGNAL_PACKAGE_ISSUES stays in the type, unused.
  }
}
