import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Standing perspectives (inbreng buiten een consultatieronde): a patient organisation's view on a question,
 * agenda or link, an insurer's or provider association's impact comment on a published guideline. Its
 * events' scope is the perspective's party and the target's parties and sectors: as in PackageSignals, the
 * scope function keeps its body under another name and the new one adds the subject type. The cache hears
 * of writes (iza_notify_data_change).
 */
export class Perspectives1800002790000 implements MigrationInterface {
  name = 'Perspectives1800002790000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."perspective_kind" AS ENUM('PATIENT_PERSPECTIVE', 'IMPACT')`);
    await queryRunner.query(
      `CREATE TYPE "public"."perspective_target_kind" AS ENUM('KNOWLEDGE_QUESTION', 'RESEARCH_AGENDA', 'AGENDA_VERSION', 'SYNERGY_LINK', 'GUIDELINE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "perspective" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" "public"."perspective_kind" NOT NULL, "target_kind" "public"."perspective_target_kind" NOT NULL, "target_id" uuid NOT NULL, "party_id" uuid NOT NULL, "author_user_id" uuid, "text" text NOT NULL, "reference" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "response" "public"."response_kind", "response_reasoning" text, "response_change" text, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by_user_id" uuid, "responded_by_party_id" uuid, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "perspective_response_reasoning" CHECK ("response" IS NULL OR "response_reasoning" IS NOT NULL), CONSTRAINT "PK_b53bf9ad4e85266cef5d1056254" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_fb1cd71f71c2ac782d732434c5" ON "perspective"  ("party_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_1e0d3563cf8e6afeb39e425b26" ON "perspective"  ("author_user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_e86b31b248b7b8a35aacf12024" ON "perspective"  ("responded_by_user_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_a0bc6c7b833f0100caacbdd84a" ON "perspective"  ("responded_by_party_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2e59de3bf5afcc91e64a642451" ON "perspective"  ("target_kind", "target_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "perspective" ADD CONSTRAINT "FK_fb1cd71f71c2ac782d732434c5d" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "perspective" ADD CONSTRAINT "FK_1e0d3563cf8e6afeb39e425b266" FOREIGN KEY ("author_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "perspective" ADD CONSTRAINT "FK_e86b31b248b7b8a35aacf12024f" FOREIGN KEY ("responded_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "perspective" ADD CONSTRAINT "FK_a0bc6c7b833f0100caacbdd84a6" FOREIGN KEY ("responded_by_party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "perspective"
               FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
    );
    await queryRunner.query(
      `ALTER FUNCTION domain_event_scope(text, uuid) RENAME TO domain_event_scope_before_perspectives`,
    );
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                p record;
            BEGIN
                IF s_type <> 'Perspective' THEN
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_perspectives(s_type, s_id) b;
                    RETURN;
                END IF;
                SELECT * INTO p FROM perspective WHERE id = s_id;
                IF p.id IS NULL THEN
                    party_ids := '{}'; sector_ids := '{}';
                    RETURN;
                END IF;
                IF p.target_kind = 'RESEARCH_AGENDA' THEN
                    SELECT array_remove(ARRAY[a.owner_party_id, a.coordinator_party_id], NULL), array_remove(ARRAY[a.sector_id], NULL)
                      INTO party_ids, sector_ids FROM research_agenda a WHERE a.id = p.target_id;
                ELSE
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids
                      FROM domain_event_scope_before_perspectives(CASE p.target_kind
                               WHEN 'KNOWLEDGE_QUESTION' THEN 'KnowledgeQuestion'
                               WHEN 'AGENDA_VERSION' THEN 'ResearchAgendaVersion'
                               WHEN 'SYNERGY_LINK' THEN 'SynergyLink'
                               ELSE 'Guideline' END, p.target_id) b;
                END IF;
                party_ids := array_append(coalesce(party_ids, '{}'), p.party_id);
                sector_ids := coalesce(sector_ids, '{}');
            END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(
      `ALTER FUNCTION domain_event_scope_before_perspectives(text, uuid) RENAME TO domain_event_scope`,
    );
    await queryRunner.query(`DELETE FROM "domain_event" WHERE "subject_type" = 'Perspective'`);
    await queryRunner.query(`DROP TABLE "perspective"`);
    await queryRunner.query(`DROP TYPE "public"."perspective_target_kind"`);
    await queryRunner.query(`DROP TYPE "public"."perspective_kind"`);
  }
}
