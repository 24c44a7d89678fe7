import type { MigrationInterface, QueryRunner } from 'typeorm';

// Generated, then: one CREATE/DROP per shared enum type, and hand-written search functions, indexes and trigger.

export class ResearchAgendas1795449850589 implements MigrationInterface {
  name = 'ResearchAgendas1795449850589';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."agenda_kind" AS ENUM(
                'PACKAGE_AGENDA',
                'SECTOR_MULTIYEAR',
                'CROSS_SECTOR',
                'ASSOCIATION_KNOWLEDGE_AGENDA'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."agenda_status" AS ENUM('DRAFT', 'CONSULTATION', 'ADOPTED', 'ARCHIVED')
        `);
    // date_precision may already exist (FuzzyDate is shared with other domains' migrations).
    await queryRunner.query(`
            DO $$ BEGIN
                CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'QUARTER', 'HALF', 'SEASON', 'YEAR', 'RANGE');
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TABLE "research_agenda" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "title" text NOT NULL,
                "kind" "public"."agenda_kind" NOT NULL,
                "sector_id" uuid,
                "owner_party_id" uuid,
                "owner_party_kinds" "public"."party_kind" array NOT NULL DEFAULT '{}',
                "coordinator_party_id" uuid,
                "status" "public"."agenda_status" NOT NULL DEFAULT 'DRAFT',
                "status_as_of" date,
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                "period_label" text,
                "period_earliest" date,
                "period_latest" date,
                "period_precision" "public"."date_precision",
                "due_label" text,
                "due_earliest" date,
                "due_latest" date,
                "due_precision" "public"."date_precision",
                CONSTRAINT "UQ_e67772391df9f609cdded4c4197" UNIQUE ("key"),
                CONSTRAINT "PK_01387f88419de7668a843b2d784" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bd72d25091b6f70e219a90216c" ON "research_agenda" ("sector_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a63f9b9d34e55138231c8910c5" ON "research_agenda" ("owner_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_125ddb5b2c189928a7a97964b8" ON "research_agenda" ("coordinator_party_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "research_agenda_version" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "agenda_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "status" "public"."agenda_status" NOT NULL DEFAULT 'DRAFT',
                "note" text,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "adopted_at" TIMESTAMP WITH TIME ZONE,
                "archived_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "research_agenda_version_number" UNIQUE ("agenda_id", "number"),
                CONSTRAINT "PK_5513ccd292ccb65d117aab10e54" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0e4f0ea7dae8b255def28248fa" ON "research_agenda_version" ("agenda_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "agenda_item" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version_id" uuid NOT NULL,
                "question_id" uuid NOT NULL,
                "rank" integer NOT NULL,
                "rationale" text,
                "synthetic" boolean NOT NULL DEFAULT false,
                CONSTRAINT "agenda_item_version_question" UNIQUE ("version_id", "question_id"),
                CONSTRAINT "PK_413623e61232799619c2e0a1d42" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3ab9637cada0e89c71734806f0" ON "agenda_item" ("version_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_772b95a9fb04314c2865090a13" ON "agenda_item" ("question_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."question_direction" AS ENUM('INFLOW', 'OUTFLOW', 'RETAIN')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."question_status" AS ENUM(
                'PROPOSED',
                'PRIORITISED',
                'IN_RESEARCH',
                'ANSWERED',
                'IMPLEMENTED',
                'REJECTED',
                'MERGED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_question" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "title" text NOT NULL,
                "population" text,
                "intervention_text" text,
                "comparison" text,
                "outcome" text,
                "intervention_id" uuid,
                "direction" "public"."question_direction",
                "proposed_by_party_id" uuid,
                "status" "public"."question_status" NOT NULL DEFAULT 'PROPOSED',
                "status_note" text,
                "merged_into_id" uuid,
                "possibly_answered" boolean NOT NULL DEFAULT false,
                "priority_total" integer NOT NULL DEFAULT '0',
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                "search_vector" tsvector,
                "search_text" text,
                CONSTRAINT "UQ_852d035d8473cce6ca2f625011b" UNIQUE ("key"),
                CONSTRAINT "PK_d628e9ba549a2b14e9a4b32ba60" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e995bc47b86a59d26ef24bf449" ON "knowledge_question" ("intervention_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_85aada6d7db90fcb8722d67caa" ON "knowledge_question" ("proposed_by_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e31e662c110ee6233d3cef74bf" ON "knowledge_question" ("merged_into_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "prioritisation_criterion" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "name_nl" text NOT NULL,
                "name_en" text NOT NULL,
                "description" text,
                "weight" integer NOT NULL DEFAULT '1',
                "position" integer NOT NULL DEFAULT '0',
                CONSTRAINT "UQ_f96d0655251905af6e8f0dbdedd" UNIQUE ("key"),
                CONSTRAINT "PK_7faa1dfdb90f504499cc3fcef24" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "question_score" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "question_id" uuid NOT NULL,
                "criterion_id" uuid NOT NULL,
                "score" integer NOT NULL,
                "rationale" text,
                "scored_by_party_id" uuid,
                CONSTRAINT "question_score_question_criterion" UNIQUE ("question_id", "criterion_id"),
                CONSTRAINT "question_score_range" CHECK (
                    score BETWEEN 0 AND 5
                ),
                CONSTRAINT "PK_ea41d38092b98369115fea5064c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_471f62d8e16a96568b132a034b" ON "question_score" ("question_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_578143b108b153b486e2166ff8" ON "question_score" ("criterion_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e3442820ca252c6324a3de4efb" ON "question_score" ("scored_by_party_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."research_project_status" AS ENUM('PLANNED', 'RUNNING', 'COMPLETED', 'CANCELLED')
        `);
    await queryRunner.query(`
            CREATE TABLE "research_project" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "key" text NOT NULL,
                "sources" jsonb NOT NULL DEFAULT '[]',
                "synthetic" boolean NOT NULL DEFAULT false,
                "title" text NOT NULL,
                "funder_party_id" uuid NOT NULL,
                "executing_party_id" uuid,
                "programme_key" text,
                "round" text,
                "status" "public"."research_project_status" NOT NULL DEFAULT 'PLANNED',
                "result_summary" text,
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                "start_label" text,
                "start_earliest" date,
                "start_latest" date,
                "start_precision" "public"."date_precision",
                "end_label" text,
                "end_earliest" date,
                "end_latest" date,
                "end_precision" "public"."date_precision",
                CONSTRAINT "UQ_e5399df5b1f0170ddca3df30c54" UNIQUE ("key"),
                CONSTRAINT "PK_d89976c5965af53fb5375851c81" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_055b3e7807b96103c2f2c331f5" ON "research_project" ("funder_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f7739efaa9697b25dd9d2994be" ON "research_project" ("executing_party_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9c374a4c63af44a75c893738d4" ON "research_project" ("programme_key")
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_question_sector" (
                "question_id" uuid NOT NULL,
                "sector_id" uuid NOT NULL,
                CONSTRAINT "PK_bd50594366bc9e2beb13a27984f" PRIMARY KEY ("question_id", "sector_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_14cfff01c9360b9b03a3e2e5fa" ON "knowledge_question_sector" ("question_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f5ff89c4830b5ae5824aca4caf" ON "knowledge_question_sector" ("sector_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_question_criterion" (
                "question_id" uuid NOT NULL,
                "criterion_id" uuid NOT NULL,
                CONSTRAINT "PK_b549dabfc3c06ffb5cc01efa0d3" PRIMARY KEY ("question_id", "criterion_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6414ae6d1785ec10f45c5e768f" ON "knowledge_question_criterion" ("question_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9534a0384519b1dc09602037c0" ON "knowledge_question_criterion" ("criterion_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "research_project_question" (
                "project_id" uuid NOT NULL,
                "question_id" uuid NOT NULL,
                CONSTRAINT "PK_0b6a0219dcb8960de4460b30b27" PRIMARY KEY ("project_id", "question_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3183abc00c2b6fcdd48e9895d8" ON "research_project_question" ("project_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3cf100850b536c5b1ca546f31e" ON "research_project_question" ("question_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda"
            ADD CONSTRAINT "FK_bd72d25091b6f70e219a90216cd" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda"
            ADD CONSTRAINT "FK_a63f9b9d34e55138231c8910c5f" FOREIGN KEY ("owner_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda"
            ADD CONSTRAINT "FK_125ddb5b2c189928a7a97964b82" FOREIGN KEY ("coordinator_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda_version"
            ADD CONSTRAINT "FK_0e4f0ea7dae8b255def28248fad" FOREIGN KEY ("agenda_id") REFERENCES "research_agenda"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "agenda_item"
            ADD CONSTRAINT "FK_3ab9637cada0e89c71734806f01" FOREIGN KEY ("version_id") REFERENCES "research_agenda_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "agenda_item"
            ADD CONSTRAINT "FK_772b95a9fb04314c2865090a136" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question"
            ADD CONSTRAINT "FK_e995bc47b86a59d26ef24bf4495" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question"
            ADD CONSTRAINT "FK_85aada6d7db90fcb8722d67caa8" FOREIGN KEY ("proposed_by_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question"
            ADD CONSTRAINT "FK_e31e662c110ee6233d3cef74bf8" FOREIGN KEY ("merged_into_id") REFERENCES "knowledge_question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "question_score"
            ADD CONSTRAINT "FK_471f62d8e16a96568b132a034bf" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "question_score"
            ADD CONSTRAINT "FK_578143b108b153b486e2166ff8a" FOREIGN KEY ("criterion_id") REFERENCES "prioritisation_criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "question_score"
            ADD CONSTRAINT "FK_e3442820ca252c6324a3de4efbe" FOREIGN KEY ("scored_by_party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project"
            ADD CONSTRAINT "FK_055b3e7807b96103c2f2c331f58" FOREIGN KEY ("funder_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project"
            ADD CONSTRAINT "FK_f7739efaa9697b25dd9d2994bef" FOREIGN KEY ("executing_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_sector"
            ADD CONSTRAINT "FK_14cfff01c9360b9b03a3e2e5faf" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_sector"
            ADD CONSTRAINT "FK_f5ff89c4830b5ae5824aca4caf7" FOREIGN KEY ("sector_id") REFERENCES "sector"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_criterion"
            ADD CONSTRAINT "FK_6414ae6d1785ec10f45c5e768f8" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_criterion"
            ADD CONSTRAINT "FK_9534a0384519b1dc09602037c03" FOREIGN KEY ("criterion_id") REFERENCES "package_criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project_question"
            ADD CONSTRAINT "FK_3183abc00c2b6fcdd48e9895d81" FOREIGN KEY ("project_id") REFERENCES "research_project"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project_question"
            ADD CONSTRAINT "FK_3cf100850b536c5b1ca546f31e8" FOREIGN KEY ("question_id") REFERENCES "knowledge_question"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    // Hand-written: search functions and indexes, and the immutability of adopted agenda versions.
    await queryRunner.query(`
            CREATE FUNCTION iza_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_text(title text, population text, intervention text, comparison text, outcome text)
            RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT lower(public.iza_unaccent(concat_ws(' ', title, population, intervention, comparison, outcome))) $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_tsv(title text, population text, intervention text, comparison text, outcome text)
            RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$
                SELECT setweight(to_tsvector('pg_catalog.dutch'::regconfig, public.iza_unaccent(coalesce(title, ''))), 'A')
                    || setweight(to_tsvector('pg_catalog.dutch'::regconfig, public.iza_unaccent(concat_ws(' ', population, intervention, comparison, outcome))), 'B')
            $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector := public.knowledge_question_tsv(NEW.title, NEW.population, NEW.intervention_text, NEW.comparison, NEW.outcome);
                NEW.search_text := public.knowledge_question_text(NEW.title, NEW.population, NEW.intervention_text, NEW.comparison, NEW.outcome);
                RETURN NEW;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_search_fields
            BEFORE INSERT OR UPDATE OF title, population, intervention_text, comparison, outcome, search_vector, search_text
            ON "knowledge_question" FOR EACH ROW EXECUTE FUNCTION knowledge_question_search_fields()
        `);
    await queryRunner.query(`
            CREATE INDEX "knowledge_question_search" ON "knowledge_question" USING gin (search_vector)
        `);
    await queryRunner.query(`
            CREATE INDEX "knowledge_question_trigram" ON "knowledge_question" USING gin (search_text gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE FUNCTION agenda_item_version_is_open() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                version_status agenda_status;
            BEGIN
                SELECT status INTO version_status FROM public.research_agenda_version
                 WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END;
                IF version_status IN ('ADOPTED', 'ARCHIVED') THEN
                    RAISE EXCEPTION 'agenda version is % and cannot change', version_status USING ERRCODE = 'check_violation';
                END IF;
                IF TG_OP = 'UPDATE' AND NEW.version_id <> OLD.version_id THEN
                    SELECT status INTO version_status FROM public.research_agenda_version WHERE id = OLD.version_id;
                    IF version_status IN ('ADOPTED', 'ARCHIVED') THEN
                        RAISE EXCEPTION 'agenda version is % and cannot change', version_status USING ERRCODE = 'check_violation';
                    END IF;
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER agenda_item_adopted_is_immutable BEFORE INSERT OR UPDATE OR DELETE ON "agenda_item"
            FOR EACH ROW EXECUTE FUNCTION agenda_item_version_is_open()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER agenda_item_adopted_is_immutable ON "agenda_item"`);
    await queryRunner.query(`DROP FUNCTION agenda_item_version_is_open()`);
    await queryRunner.query(`DROP INDEX "knowledge_question_trigram"`);
    await queryRunner.query(`DROP INDEX "knowledge_question_search"`);
    await queryRunner.query(`DROP TRIGGER knowledge_question_search_fields ON "knowledge_question"`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_search_fields()`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_tsv(text, text, text, text, text)`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_text(text, text, text, text, text)`);
    await queryRunner.query(`DROP FUNCTION iza_unaccent(text)`);
    await queryRunner.query(`
            ALTER TABLE "research_project_question" DROP CONSTRAINT "FK_3cf100850b536c5b1ca546f31e8"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project_question" DROP CONSTRAINT "FK_3183abc00c2b6fcdd48e9895d81"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_criterion" DROP CONSTRAINT "FK_9534a0384519b1dc09602037c03"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_criterion" DROP CONSTRAINT "FK_6414ae6d1785ec10f45c5e768f8"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_sector" DROP CONSTRAINT "FK_f5ff89c4830b5ae5824aca4caf7"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question_sector" DROP CONSTRAINT "FK_14cfff01c9360b9b03a3e2e5faf"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project" DROP CONSTRAINT "FK_f7739efaa9697b25dd9d2994bef"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_project" DROP CONSTRAINT "FK_055b3e7807b96103c2f2c331f58"
        `);
    await queryRunner.query(`
            ALTER TABLE "question_score" DROP CONSTRAINT "FK_e3442820ca252c6324a3de4efbe"
        `);
    await queryRunner.query(`
            ALTER TABLE "question_score" DROP CONSTRAINT "FK_578143b108b153b486e2166ff8a"
        `);
    await queryRunner.query(`
            ALTER TABLE "question_score" DROP CONSTRAINT "FK_471f62d8e16a96568b132a034bf"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_e31e662c110ee6233d3cef74bf8"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_85aada6d7db90fcb8722d67caa8"
        `);
    await queryRunner.query(`
            ALTER TABLE "knowledge_question" DROP CONSTRAINT "FK_e995bc47b86a59d26ef24bf4495"
        `);
    await queryRunner.query(`
            ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_772b95a9fb04314c2865090a136"
        `);
    await queryRunner.query(`
            ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_3ab9637cada0e89c71734806f01"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda_version" DROP CONSTRAINT "FK_0e4f0ea7dae8b255def28248fad"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda" DROP CONSTRAINT "FK_125ddb5b2c189928a7a97964b82"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda" DROP CONSTRAINT "FK_a63f9b9d34e55138231c8910c5f"
        `);
    await queryRunner.query(`
            ALTER TABLE "research_agenda" DROP CONSTRAINT "FK_bd72d25091b6f70e219a90216cd"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3cf100850b536c5b1ca546f31e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3183abc00c2b6fcdd48e9895d8"
        `);
    await queryRunner.query(`
            DROP TABLE "research_project_question"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9534a0384519b1dc09602037c0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6414ae6d1785ec10f45c5e768f"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_question_criterion"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f5ff89c4830b5ae5824aca4caf"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_14cfff01c9360b9b03a3e2e5fa"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_question_sector"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9c374a4c63af44a75c893738d4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f7739efaa9697b25dd9d2994be"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_055b3e7807b96103c2f2c331f5"
        `);
    await queryRunner.query(`
            DROP TABLE "research_project"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."research_project_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e3442820ca252c6324a3de4efb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_578143b108b153b486e2166ff8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_471f62d8e16a96568b132a034b"
        `);
    await queryRunner.query(`
            DROP TABLE "question_score"
        `);
    await queryRunner.query(`
            DROP TABLE "prioritisation_criterion"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e31e662c110ee6233d3cef74bf"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_85aada6d7db90fcb8722d67caa"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e995bc47b86a59d26ef24bf449"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_question"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."question_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."question_direction"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_772b95a9fb04314c2865090a13"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3ab9637cada0e89c71734806f0"
        `);
    await queryRunner.query(`
            DROP TABLE "agenda_item"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0e4f0ea7dae8b255def28248fa"
        `);
    await queryRunner.query(`
            DROP TABLE "research_agenda_version"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_125ddb5b2c189928a7a97964b8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a63f9b9d34e55138231c8910c5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bd72d25091b6f70e219a90216c"
        `);
    await queryRunner.query(`
            DROP TABLE "research_agenda"
        `);
    // Leave date_precision to the other migrations that still use it.
    await queryRunner.query(`
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE t.typname = 'date_precision' AND NOT a.attisdropped) THEN
                    DROP TYPE "public"."date_precision";
                END IF;
            END $$
        `);
    await queryRunner.query(`
            DROP TYPE "public"."agenda_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."agenda_kind"
        `);
  }
}
