import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deliverables1795450528656 implements MigrationInterface {
  name = 'Deliverables1795450528656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."deliverable_kind" AS ENUM('DELIVERABLE', 'MILESTONE', 'DECISION')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."date_confidence" AS ENUM('HIGH', 'MEDIUM', 'LOW')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."deliverable_status" AS ENUM(
                'PLANNED',
                'IN_PROGRESS',
                'DONE',
                'DELAYED',
                'CANCELLED'
            )
        `);
    // date_precision is shared with other domains' migrations (FuzzyDate): create it only if missing.
    await queryRunner.query(`
            DO $$ BEGIN
                CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'QUARTER', 'HALF', 'SEASON', 'YEAR', 'RANGE');
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "kind" "public"."deliverable_kind" NOT NULL DEFAULT 'DELIVERABLE',
                "title" text NOT NULL,
                "title_en" text,
                "description" text,
                "programme_id" uuid,
                "workstream_id" uuid,
                "owner_party_kinds" "public"."party_kind" array NOT NULL DEFAULT '{}',
                "contributor_party_kinds" "public"."party_kind" array NOT NULL DEFAULT '{}',
                "confidence" "public"."date_confidence" NOT NULL DEFAULT 'HIGH',
                "note" text,
                "status" "public"."deliverable_status" NOT NULL DEFAULT 'PLANNED',
                "status_as_of" date,
                "recurrence" text,
                "related_keys" text array NOT NULL DEFAULT '{}',
                "version" integer NOT NULL DEFAULT '1',
                "due_label" text,
                "due_earliest" date,
                "due_latest" date,
                "due_precision" "public"."date_precision",
                "start_label" text,
                "start_earliest" date,
                "start_latest" date,
                "start_precision" "public"."date_precision",
                CONSTRAINT "UQ_93a247a50b4d8b0028fbff5eeaa" UNIQUE ("key"),
                CONSTRAINT "PK_fbed21e1ad3464d9fb7729ad51d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3904188c1865815ad577fbd736" ON "deliverable" ("programme_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_739361da2c47b56978c5502008" ON "deliverable" ("workstream_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."output_target_type" AS ENUM(
                'RESEARCH_AGENDA',
                'PACKAGE_ASSESSMENT',
                'GUIDELINE',
                'SYNERGY_TRAJECTORY'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable_output" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deliverable_id" uuid NOT NULL,
                "target_type" "public"."output_target_type" NOT NULL,
                "target_key" text NOT NULL,
                CONSTRAINT "deliverable_output_target" UNIQUE ("deliverable_id", "target_type", "target_key"),
                CONSTRAINT "PK_97b4b81792a5fd5442203714d20" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_65ceeeebc58f4738eb42ed74dd" ON "deliverable_output" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b6895156659c2e3845279eb3e0" ON "deliverable_output" ("target_key")
        `);
    await queryRunner.query(`
            CREATE TABLE "milestone" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deliverable_id" uuid NOT NULL,
                "title" text NOT NULL,
                "confidence" "public"."date_confidence" NOT NULL DEFAULT 'HIGH',
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "completed_by_id" uuid,
                "completed_by_party_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                "due_label" text,
                "due_earliest" date,
                "due_latest" date,
                "due_precision" "public"."date_precision",
                CONSTRAINT "PK_f8372abce331f60ba7b33fe23a7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0a76f0ea311c105c7fbd45da3d" ON "milestone" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7bdf8827f115944f7d1c165bdd" ON "milestone" ("completed_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8165427aacde30c022d25f49b2" ON "milestone" ("completed_by_party_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "programme" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "name" text NOT NULL,
                "description" text,
                "note" text,
                "owner_party_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                "period_label" text,
                "period_earliest" date,
                "period_latest" date,
                "period_precision" "public"."date_precision",
                CONSTRAINT "UQ_5d9d74a2d659dd4aa616046c4d6" UNIQUE ("key"),
                CONSTRAINT "PK_76ff6b30b74f213944d1ac0a660" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7b42941b6e9dde69542db6318f" ON "programme" ("owner_party_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."workstream_kind" AS ENUM('PILLAR', 'ADVICE_TOPIC', 'TRACK', 'OTHER')
        `);
    await queryRunner.query(`
            CREATE TABLE "workstream" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "programme_id" uuid NOT NULL,
                "name" text NOT NULL,
                "kind" "public"."workstream_kind" NOT NULL,
                "description" text,
                "position" integer NOT NULL DEFAULT '0',
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "UQ_fb484cd38df48a5b65dcfa3afa5" UNIQUE ("key"),
                CONSTRAINT "PK_c3a7194a6f7999f31ef0e5cb4ce" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cd88ab4d98c5ed95aefa9db0f1" ON "workstream" ("programme_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."deliverable_health" AS ENUM('ON_TRACK', 'AT_RISK', 'OFF_TRACK')
        `);
    await queryRunner.query(`
            CREATE TABLE "status_update" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deliverable_id" uuid NOT NULL,
                "health" "public"."deliverable_health" NOT NULL,
                "text" text NOT NULL,
                "status" "public"."deliverable_status",
                "posted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "author_id" uuid,
                "party_id" uuid,
                CONSTRAINT "PK_c2b5cab69dfc057284f078d918b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4418da4b4716c5988d8ce1e776" ON "status_update" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a7988231d30bb01623887f09aa" ON "status_update" ("author_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cce827c0b6705ac32aeafa1c79" ON "status_update" ("party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7a8bd52eb7c71d3982ee1a7795" ON "status_update" ("deliverable_id", "posted_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable_status_change" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deliverable_id" uuid NOT NULL,
                "from_status" "public"."deliverable_status" NOT NULL,
                "to_status" "public"."deliverable_status" NOT NULL,
                "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_id" uuid,
                "party_id" uuid,
                CONSTRAINT "PK_447bb8f7ddc7a3e6949dbc9985c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1705dbd17c6fea3fc20f98c13b" ON "deliverable_status_change" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e4042e30c9395c0f1ea9e3994e" ON "deliverable_status_change" ("actor_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_72383d8079dc3f0cb2a133804e" ON "deliverable_status_change" ("party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_32156c7ee693e6f2957f5d8750" ON "deliverable_status_change" ("deliverable_id", "changed_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable_owner" (
                "deliverable_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_78cfc67cca0702094a75c4e71e1" PRIMARY KEY ("deliverable_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_289852e38163c14b999bf2ee22" ON "deliverable_owner" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6950e3be8ef1db0cfb5eb68fe3" ON "deliverable_owner" ("party_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable_contributor" (
                "deliverable_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_35504c1bce067b7b15d822140e7" PRIMARY KEY ("deliverable_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2a187a35b7cf194e8709186a42" ON "deliverable_contributor" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_946aadde7436daa6dad9ede66e" ON "deliverable_contributor" ("party_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable_sector" (
                "deliverable_id" uuid NOT NULL,
                "sector_id" uuid NOT NULL,
                CONSTRAINT "PK_8d162e22a2ae7828270f6edd5fa" PRIMARY KEY ("deliverable_id", "sector_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1bda9f092713730a0a349fbcc9" ON "deliverable_sector" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a6981c079ac0fa7c469d0e4f77" ON "deliverable_sector" ("sector_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "deliverable_dependency" (
                "deliverable_id" uuid NOT NULL,
                "depends_on_id" uuid NOT NULL,
                CONSTRAINT "PK_c63a1fc429804762c660f23c0b7" PRIMARY KEY ("deliverable_id", "depends_on_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cf4a131f883427512650e522a6" ON "deliverable_dependency" ("deliverable_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_16d56b37bdadf57630b6fe6e2b" ON "deliverable_dependency" ("depends_on_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "programme_partner" (
                "programme_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_d6e49169a132daa2a78290fcdb3" PRIMARY KEY ("programme_id", "party_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_adda6cf0feb6cb2c3d4b497f28" ON "programme_partner" ("programme_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cf781b28fbeb91f7dde9a912c3" ON "programme_partner" ("party_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable"
            ADD CONSTRAINT "FK_3904188c1865815ad577fbd7367" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable"
            ADD CONSTRAINT "FK_739361da2c47b56978c55020082" FOREIGN KEY ("workstream_id") REFERENCES "workstream"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_output"
            ADD CONSTRAINT "FK_65ceeeebc58f4738eb42ed74dda" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone"
            ADD CONSTRAINT "FK_0a76f0ea311c105c7fbd45da3d1" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone"
            ADD CONSTRAINT "FK_7bdf8827f115944f7d1c165bdd1" FOREIGN KEY ("completed_by_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone"
            ADD CONSTRAINT "FK_8165427aacde30c022d25f49b23" FOREIGN KEY ("completed_by_party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "programme"
            ADD CONSTRAINT "FK_7b42941b6e9dde69542db6318f6" FOREIGN KEY ("owner_party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "workstream"
            ADD CONSTRAINT "FK_cd88ab4d98c5ed95aefa9db0f1e" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "status_update"
            ADD CONSTRAINT "FK_4418da4b4716c5988d8ce1e776d" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "status_update"
            ADD CONSTRAINT "FK_a7988231d30bb01623887f09aae" FOREIGN KEY ("author_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "status_update"
            ADD CONSTRAINT "FK_cce827c0b6705ac32aeafa1c79c" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_status_change"
            ADD CONSTRAINT "FK_1705dbd17c6fea3fc20f98c13be" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_status_change"
            ADD CONSTRAINT "FK_e4042e30c9395c0f1ea9e3994e0" FOREIGN KEY ("actor_id") REFERENCES "user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_status_change"
            ADD CONSTRAINT "FK_72383d8079dc3f0cb2a133804ea" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_owner"
            ADD CONSTRAINT "FK_289852e38163c14b999bf2ee223" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_owner"
            ADD CONSTRAINT "FK_6950e3be8ef1db0cfb5eb68fe3d" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_contributor"
            ADD CONSTRAINT "FK_2a187a35b7cf194e8709186a42f" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_contributor"
            ADD CONSTRAINT "FK_946aadde7436daa6dad9ede66ed" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_sector"
            ADD CONSTRAINT "FK_1bda9f092713730a0a349fbcc94" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_sector"
            ADD CONSTRAINT "FK_a6981c079ac0fa7c469d0e4f777" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_dependency"
            ADD CONSTRAINT "FK_cf4a131f883427512650e522a69" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_dependency"
            ADD CONSTRAINT "FK_16d56b37bdadf57630b6fe6e2b4" FOREIGN KEY ("depends_on_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "programme_partner"
            ADD CONSTRAINT "FK_adda6cf0feb6cb2c3d4b497f285" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "programme_partner"
            ADD CONSTRAINT "FK_cf781b28fbeb91f7dde9a912c32" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "programme_partner" DROP CONSTRAINT "FK_cf781b28fbeb91f7dde9a912c32"
        `);
    await queryRunner.query(`
            ALTER TABLE "programme_partner" DROP CONSTRAINT "FK_adda6cf0feb6cb2c3d4b497f285"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_dependency" DROP CONSTRAINT "FK_16d56b37bdadf57630b6fe6e2b4"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_dependency" DROP CONSTRAINT "FK_cf4a131f883427512650e522a69"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_sector" DROP CONSTRAINT "FK_a6981c079ac0fa7c469d0e4f777"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_sector" DROP CONSTRAINT "FK_1bda9f092713730a0a349fbcc94"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_contributor" DROP CONSTRAINT "FK_946aadde7436daa6dad9ede66ed"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_contributor" DROP CONSTRAINT "FK_2a187a35b7cf194e8709186a42f"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_owner" DROP CONSTRAINT "FK_6950e3be8ef1db0cfb5eb68fe3d"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_owner" DROP CONSTRAINT "FK_289852e38163c14b999bf2ee223"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_status_change" DROP CONSTRAINT "FK_72383d8079dc3f0cb2a133804ea"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_status_change" DROP CONSTRAINT "FK_e4042e30c9395c0f1ea9e3994e0"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_status_change" DROP CONSTRAINT "FK_1705dbd17c6fea3fc20f98c13be"
        `);
    await queryRunner.query(`
            ALTER TABLE "status_update" DROP CONSTRAINT "FK_cce827c0b6705ac32aeafa1c79c"
        `);
    await queryRunner.query(`
            ALTER TABLE "status_update" DROP CONSTRAINT "FK_a7988231d30bb01623887f09aae"
        `);
    await queryRunner.query(`
            ALTER TABLE "status_update" DROP CONSTRAINT "FK_4418da4b4716c5988d8ce1e776d"
        `);
    await queryRunner.query(`
            ALTER TABLE "workstream" DROP CONSTRAINT "FK_cd88ab4d98c5ed95aefa9db0f1e"
        `);
    await queryRunner.query(`
            ALTER TABLE "programme" DROP CONSTRAINT "FK_7b42941b6e9dde69542db6318f6"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone" DROP CONSTRAINT "FK_8165427aacde30c022d25f49b23"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone" DROP CONSTRAINT "FK_7bdf8827f115944f7d1c165bdd1"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone" DROP CONSTRAINT "FK_0a76f0ea311c105c7fbd45da3d1"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable_output" DROP CONSTRAINT "FK_65ceeeebc58f4738eb42ed74dda"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable" DROP CONSTRAINT "FK_739361da2c47b56978c55020082"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliverable" DROP CONSTRAINT "FK_3904188c1865815ad577fbd7367"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cf781b28fbeb91f7dde9a912c3"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_adda6cf0feb6cb2c3d4b497f28"
        `);
    await queryRunner.query(`
            DROP TABLE "programme_partner"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_16d56b37bdadf57630b6fe6e2b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cf4a131f883427512650e522a6"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable_dependency"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a6981c079ac0fa7c469d0e4f77"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1bda9f092713730a0a349fbcc9"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable_sector"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_946aadde7436daa6dad9ede66e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2a187a35b7cf194e8709186a42"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable_contributor"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6950e3be8ef1db0cfb5eb68fe3"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_289852e38163c14b999bf2ee22"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable_owner"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_32156c7ee693e6f2957f5d8750"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_72383d8079dc3f0cb2a133804e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e4042e30c9395c0f1ea9e3994e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1705dbd17c6fea3fc20f98c13b"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable_status_change"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7a8bd52eb7c71d3982ee1a7795"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cce827c0b6705ac32aeafa1c79"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a7988231d30bb01623887f09aa"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4418da4b4716c5988d8ce1e776"
        `);
    await queryRunner.query(`
            DROP TABLE "status_update"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."deliverable_health"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cd88ab4d98c5ed95aefa9db0f1"
        `);
    await queryRunner.query(`
            DROP TABLE "workstream"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."workstream_kind"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7b42941b6e9dde69542db6318f"
        `);
    await queryRunner.query(`
            DROP TABLE "programme"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8165427aacde30c022d25f49b2"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7bdf8827f115944f7d1c165bdd"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0a76f0ea311c105c7fbd45da3d"
        `);
    await queryRunner.query(`
            DROP TABLE "milestone"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b6895156659c2e3845279eb3e0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_65ceeeebc58f4738eb42ed74dd"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable_output"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."output_target_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_739361da2c47b56978c5502008"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3904188c1865815ad577fbd736"
        `);
    await queryRunner.query(`
            DROP TABLE "deliverable"
        `);
    // Drop date_precision only when no other table still uses it.
    await queryRunner.query(`
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                               WHERE t.typname = 'date_precision' AND a.attnum > 0 AND NOT a.attisdropped) THEN
                    DROP TYPE "public"."date_precision";
                END IF;
            END $$
        `);
    await queryRunner.query(`
            DROP TYPE "public"."deliverable_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."date_confidence"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."deliverable_kind"
        `);
  }
}
