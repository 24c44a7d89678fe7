import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of domain events (gebeurtenissen): written in the transaction of the change, so a rolled-back
 * change leaves none. The cursor is given at commit, under one advisory lock, by a deferred trigger: cursors
 * then grow in commit order, and a reader that has seen cursor N has seen every event up to N (no gaps
 * from transactions that took a number earlier but committed later). Each cursor is announced with
 * pg_notify, which PostgreSQL delivers only when the transaction commits.
 */
export class DomainEvents1800000000000 implements MigrationInterface {
  name = 'DomainEvents1800000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "domain_event_cursor_seq"`);
    await queryRunner.query(`
            CREATE TABLE "domain_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cursor" bigint,
                "type" text NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" uuid NOT NULL,
                "requires" jsonb NOT NULL DEFAULT '[]',
                "party_ids" uuid[] NOT NULL DEFAULT '{}',
                "sector_ids" uuid[] NOT NULL DEFAULT '{}',
                "payload" jsonb NOT NULL DEFAULT '{}',
                "actor_id" uuid,
                "acting_party_id" uuid,
                "dedupe_key" text,
                "occurred_at" timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT "PK_domain_event" PRIMARY KEY ("id"),
                CONSTRAINT "UQ_domain_event_cursor" UNIQUE ("cursor"),
                CONSTRAINT "UQ_domain_event_dedupe_key" UNIQUE ("dedupe_key")
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_domain_event_subject" ON "domain_event" ("subject_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_domain_event_type_cursor" ON "domain_event" ("type", "cursor")`);
    await queryRunner.query(`CREATE INDEX "IDX_domain_event_party_ids" ON "domain_event" USING gin ("party_ids")`);
    await queryRunner.query(`CREATE INDEX "IDX_domain_event_sector_ids" ON "domain_event" USING gin ("sector_ids")`);

    // The parties and sectors an event's subject belongs to: filters, the inbox and webhooks narrow by them.
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            BEGIN
                party_ids := '{}'; sector_ids := '{}';
                IF s_type = 'Guideline' THEN
                    SELECT coalesce(array_agg(party_id), '{}') INTO party_ids FROM guideline_owner WHERE guideline_id = s_id;
                    SELECT coalesce(array_agg(sector_id), '{}') INTO sector_ids FROM guideline_sector WHERE guideline_id = s_id;
                ELSIF s_type = 'PackageAssessment' THEN
                    SELECT ARRAY[assessor_party_id], coalesce(array_remove(ARRAY[sector_id], NULL), '{}')
                      INTO party_ids, sector_ids FROM package_assessment WHERE id = s_id;
                ELSIF s_type = 'SynergyLink' THEN
                    SELECT array_cat(coalesce((SELECT array_agg(party_id) FROM guideline_owner WHERE guideline_id = l.guideline_id), '{}'), ARRAY[a.assessor_party_id]),
                           array_cat(coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = l.guideline_id), '{}'),
                                     coalesce(array_remove(ARRAY[a.sector_id], NULL), '{}'))
                      INTO party_ids, sector_ids
                      FROM synergy_link l JOIN package_assessment a ON a.id = l.assessment_id WHERE l.id = s_id;
                ELSIF s_type IN ('Deliverable', 'Milestone') THEN
                    SELECT coalesce((SELECT array_agg(party_id) FROM deliverable_owner o WHERE o.deliverable_id = d.id), '{}'),
                           coalesce((SELECT array_agg(sector_id) FROM deliverable_sector s WHERE s.deliverable_id = d.id), '{}')
                      INTO party_ids, sector_ids
                      FROM deliverable d
                     WHERE d.id = CASE WHEN s_type = 'Deliverable' THEN s_id ELSE (SELECT deliverable_id FROM milestone WHERE id = s_id) END;
                ELSIF s_type = 'ResearchAgendaVersion' THEN
                    SELECT array_remove(ARRAY[a.owner_party_id, a.coordinator_party_id], NULL), coalesce(array_remove(ARRAY[a.sector_id], NULL), '{}')
                      INTO party_ids, sector_ids
                      FROM research_agenda_version v JOIN research_agenda a ON a.id = v.agenda_id WHERE v.id = s_id;
                ELSIF s_type = 'KnowledgeQuestion' THEN
                    SELECT array_remove(ARRAY[q.proposed_by_party_id], NULL),
                           coalesce((SELECT array_agg(sector_id) FROM knowledge_question_sector s WHERE s.question_id = q.id), '{}')
                      INTO party_ids, sector_ids FROM knowledge_question q WHERE q.id = s_id;
                END IF;
                party_ids := coalesce(party_ids, '{}'); sector_ids := coalesce(sector_ids, '{}');
            END
            $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_fill_scope() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                scope record;
            BEGIN
                IF cardinality(NEW.party_ids) = 0 AND cardinality(NEW.sector_ids) = 0 THEN
                    scope := domain_event_scope(NEW.subject_type, NEW.subject_id);
                    NEW.party_ids := ARRAY(SELECT DISTINCT unnest(scope.party_ids));
                    NEW.sector_ids := ARRAY(SELECT DISTINCT unnest(scope.sector_ids));
                END IF;
                RETURN NEW;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER domain_event_fill_scope BEFORE INSERT ON "domain_event"
            FOR EACH ROW EXECUTE FUNCTION domain_event_fill_scope()
        `);
    // At commit: one transaction at a time takes the next cursors, so they grow in commit order.
    await queryRunner.query(`
            CREATE FUNCTION domain_event_assign_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                next_cursor bigint;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('domain_event_cursor'));
                next_cursor := nextval('domain_event_cursor_seq');
                UPDATE domain_event SET cursor = next_cursor WHERE id = NEW.id;
                PERFORM pg_notify('iza_domain_event', next_cursor::text);
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE CONSTRAINT TRIGGER domain_event_assign_cursor AFTER INSERT ON "domain_event"
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION domain_event_assign_cursor()
        `);

    // Conflicts are derived in the database at commit (StoredConflicts): their events are written there too.
    await queryRunner.query(`
            CREATE FUNCTION domain_event_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                c record;
            BEGIN
                c := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
                INSERT INTO domain_event (type, subject_type, subject_id, requires, party_ids, sector_ids, payload)
                SELECT CASE WHEN TG_OP = 'INSERT' THEN 'CONFLICT_OPENED' ELSE 'CONFLICT_RESOLVED' END,
                       'Guideline', c.guideline_id,
                       CASE WHEN c.assessment_id IS NULL THEN '[]'::jsonb
                            ELSE jsonb_build_array(jsonb_build_array('PackageAssessment', c.assessment_id)) END,
                       array_remove(array_cat(coalesce((SELECT array_agg(party_id) FROM guideline_owner WHERE guideline_id = c.guideline_id), '{}'),
                                              ARRAY[(SELECT assessor_party_id FROM package_assessment WHERE id = c.assessment_id)]), NULL),
                       coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = c.guideline_id), '{}'),
                       jsonb_build_object('conflict', jsonb_build_object('key', c.key, 'kind', c.kind,
                           'guidelineId', c.guideline_id, 'recommendationId', c.recommendation_id,
                           'assessmentId', c.assessment_id, 'linkId', c.link_id));
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER domain_event_conflict AFTER INSERT OR DELETE ON "synergy_conflict"
            FOR EACH ROW EXECUTE FUNCTION domain_event_conflict()
        `);

    // The health the event stream last reported per deliverable, so the sweep reports a change once.
    await queryRunner.query(`
            CREATE TABLE "deliverable_event_state" (
                "deliverable_id" uuid NOT NULL,
                "health" "deliverable_health",
                "checked_on" date NOT NULL,
                CONSTRAINT "PK_deliverable_event_state" PRIMARY KEY ("deliverable_id"),
                CONSTRAINT "FK_deliverable_event_state_deliverable" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE
            )
        `);
    for (const table of ['domain_event', 'deliverable_event_state'])
      await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deliverable_event_state"`);
    await queryRunner.query(`DROP TRIGGER "domain_event_conflict" ON "synergy_conflict"`);
    await queryRunner.query(`DROP FUNCTION domain_event_conflict()`);
    await queryRunner.query(`DROP TABLE "domain_event"`);
    await queryRunner.query(`DROP FUNCTION domain_event_assign_cursor()`);
    await queryRunner.query(`DROP FUNCTION domain_event_fill_scope()`);
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`DROP SEQUENCE "domain_event_cursor_seq"`);
  }
}
