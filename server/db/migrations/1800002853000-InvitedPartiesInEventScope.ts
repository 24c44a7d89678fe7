import type { MigrationInterface, QueryRunner } from 'typeorm';

/** domain_event_scope as EventScopeDispatch left it (two OUT values), restored by down(). */
const DISPATCH_BODY = `
            DECLARE
                i record;
            BEGIN
                CASE
                    WHEN s_type = 'GuidelineOwnerInvitation' THEN
                        SELECT * INTO i FROM guideline_owner_invitation WHERE id = s_id;
                        IF i.id IS NULL THEN
                            party_ids := '{}'; sector_ids := '{}';
                            RETURN;
                        END IF;
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base('Guideline', i.guideline_id) b;
                        party_ids := array_append(array_remove(coalesce(party_ids, '{}'), i.invited_party_id), i.invited_party_id);
                        sector_ids := coalesce(sector_ids, '{}');
                    WHEN s_type = 'Perspective' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_owner_invitations(s_type, s_id) b;
                    WHEN s_type = 'PackageSignal' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_perspectives(s_type, s_id) b;
                    WHEN s_type = 'TopicCall' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_signals(s_type, s_id) b;
                    WHEN s_type IN ('ConsultationRound', 'Contribution') THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_consultation(s_type, s_id) b;
                    ELSE
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                END CASE;
            END
            `;

/**
 * The associations a PENDING invitation asks to co-own guideline `guideline` (an SQL expression) that `named` (a
 * uuid[] expression, the parties the event names) leaves out, in id order: SQL twin of
 * `SynergyAccess.pendingInviteeIds` (the invitees `mayReadGuidelineDraft` lets in), read in place where it is used
 * (an SQL function here is not inlined and made every scoped event cost several times as much).
 */
const INVITEES_SQL = (guideline: string, named: string) =>
  `ARRAY(SELECT gi.invited_party_id FROM guideline_owner_invitation gi
                         WHERE gi.guideline_id = ${guideline} AND gi.status = 'PENDING' AND gi.invited_party_id <> ALL(${named})
                         ORDER BY 1)`;

/** domain_event_conflict as ConflictEventsWhenDue left it, literally: down() restores it. */
const CONFLICT_EVENTS_WHEN_DUE = `
            CREATE OR REPLACE FUNCTION domain_event_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                c record;
                opened boolean;
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NOT NEW.announced THEN RETURN NULL; END IF;
                    opened := true;
                ELSIF TG_OP = 'DELETE' THEN
                    IF NOT OLD.announced THEN RETURN NULL; END IF;
                    opened := false;
                ELSE
                    opened := NEW.announced;
                END IF;
                c := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                INSERT INTO domain_event (type, subject_type, subject_id, requires, party_ids, sector_ids, payload)
                SELECT CASE WHEN opened THEN 'CONFLICT_OPENED' ELSE 'CONFLICT_RESOLVED' END,
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
        `;

/** The conflict events' trigger function with the guideline's PENDING invitees in invited_party_ids. */
const CONFLICT_WITH_INVITEES = `
            CREATE OR REPLACE FUNCTION domain_event_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                c record;
                opened boolean;
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NOT NEW.announced THEN RETURN NULL; END IF;
                    opened := true;
                ELSIF TG_OP = 'DELETE' THEN
                    IF NOT OLD.announced THEN RETURN NULL; END IF;
                    opened := false;
                ELSE
                    opened := NEW.announced;
                END IF;
                c := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                INSERT INTO domain_event (type, subject_type, subject_id, requires, party_ids, sector_ids, payload, invited_party_ids)
                SELECT CASE WHEN opened THEN 'CONFLICT_OPENED' ELSE 'CONFLICT_RESOLVED' END,
                       'Guideline', c.guideline_id,
                       CASE WHEN c.assessment_id IS NULL THEN '[]'::jsonb
                            ELSE jsonb_build_array(jsonb_build_array('PackageAssessment', c.assessment_id)) END,
                       parties.ids,
                       coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = c.guideline_id), '{}'),
                       jsonb_build_object('conflict', jsonb_build_object('key', c.key, 'kind', c.kind,
                           'guidelineId', c.guideline_id, 'recommendationId', c.recommendation_id,
                           'assessmentId', c.assessment_id, 'linkId', c.link_id)),
                       ${INVITEES_SQL('c.guideline_id', 'parties.ids')}
                  FROM (SELECT array_remove(array_cat(coalesce((SELECT array_agg(party_id) FROM guideline_owner WHERE guideline_id = c.guideline_id), '{}'),
                                                      ARRAY[(SELECT assessor_party_id FROM package_assessment WHERE id = c.assessment_id)]), NULL) AS ids) parties;
                RETURN NULL;
            END
            $$
        `;

/** The outbox trigger that fills an event's scope from its subject when the writer gave none. */
const fillScopeFunction = (invited: boolean) => `
            CREATE OR REPLACE FUNCTION domain_event_fill_scope() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                scope record;
            BEGIN
                IF cardinality(NEW.party_ids) = 0 AND cardinality(NEW.sector_ids) = 0 THEN
                    scope := domain_event_scope(NEW.subject_type, NEW.subject_id);
                    NEW.party_ids := ARRAY(SELECT DISTINCT unnest(scope.party_ids));
                    NEW.sector_ids := ARRAY(SELECT DISTINCT unnest(scope.sector_ids));${
                      invited
                        ? `
                    NEW.invited_party_ids := ARRAY(SELECT DISTINCT unnest(scope.invited_party_ids));`
                        : ''
                    }
                END IF;
                RETURN NEW;
            END
            $$
        `;

/**
 * An association a PENDING invitation asks to co-own a guideline reads it, a draft too, with its links and their
 * events (mayReadGuidelineDraft), so the events of the guideline, of its links and of perspectives on either
 * concern it too: a stream or feed narrowed to its party carries them. It is told without being named: the
 * invitees go into `invited_party_ids`, not into `party_ids`, which every reader of the event sees (`partyIds`)
 * and may filter by, while only the guideline's owners and the invited association may learn of an invitation
 * (mayReadOwnerInvitation). The filter matches `invited_party_ids` only for the parties whose invitations the
 * viewer may read (invitationsReadAsInvitee, event-store.ts). An invitation's own events keep the invited party in `party_ids`: their readers know of it.
 *
 * Like the rest of the scope this is computed when an event is written, not when it is read: an invitation sent
 * later does not reach events from before it, and one declined or withdrawn leaves the events told meanwhile
 * marked (as a former owner keeps those of its time). That keeps the filter an indexed match on the row, and it
 * widens nothing: every reader still asks the read rule at delivery (EventAccess), so an association that
 * declined a draft no longer receives what it was told while invited.
 *
 * domain_event_scope gets a third OUT value, so it is dropped and created again with the same dispatch; it reads a
 * link once and a perspective on a guideline or link through its target's branch, so the invitees add little to
 * the scope's cost. This migration was changed before it was released anywhere (invitees read in place, partial
 * index, down() restoring ConflictEventsWhenDue's domain_event_conflict): a database that ran the first version
 * reverts it and applies it again.
 */
export class InvitedPartiesInEventScope1800002853000 implements MigrationInterface {
  name = 'InvitedPartiesInEventScope1800002853000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "domain_event" ADD "invited_party_ids" uuid array NOT NULL DEFAULT '{}'`);
    // Partial: almost no event has invitees, so the index costs an insert nothing then, and it is built empty
    // here (the column is new) however large the outbox. The filter states its predicate (event-store.ts).
    await queryRunner.query(
      `CREATE INDEX "IDX_domain_event_invited_party_ids" ON "domain_event" USING gin ("invited_party_ids") WHERE "invited_party_ids" <> '{}'`,
    );
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[],
                                               OUT invited_party_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                i record;
                p record;
                g_id uuid;
            BEGIN
                invited_party_ids := '{}';
                CASE
                    -- Read by the owners and the invited party only: no other invitee is told of it.
                    WHEN s_type = 'GuidelineOwnerInvitation' THEN
                        SELECT * INTO i FROM guideline_owner_invitation WHERE id = s_id;
                        IF i.id IS NULL THEN
                            party_ids := '{}'; sector_ids := '{}';
                            RETURN;
                        END IF;
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base('Guideline', i.guideline_id) b;
                        party_ids := array_append(array_remove(coalesce(party_ids, '{}'), i.invited_party_id), i.invited_party_id);
                        sector_ids := coalesce(sector_ids, '{}');
                    WHEN s_type = 'Guideline' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                        g_id := s_id;
                    -- domain_event_scope_base's link branch, keeping the guideline it reads.
                    WHEN s_type = 'SynergyLink' THEN
                        SELECT l.guideline_id,
                               array_cat(coalesce((SELECT array_agg(party_id) FROM guideline_owner WHERE guideline_id = l.guideline_id), '{}'), ARRAY[a.assessor_party_id]),
                               array_cat(coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = l.guideline_id), '{}'),
                                         coalesce(array_remove(ARRAY[a.sector_id], NULL), '{}'))
                          INTO g_id, party_ids, sector_ids
                          FROM synergy_link l JOIN package_assessment a ON a.id = l.assessment_id WHERE l.id = s_id;
                        party_ids := coalesce(party_ids, '{}'); sector_ids := coalesce(sector_ids, '{}');
                    WHEN s_type = 'Perspective' THEN
                        SELECT * INTO p FROM perspective WHERE id = s_id;
                        IF p.target_kind IN ('GUIDELINE', 'SYNERGY_LINK') THEN
                            -- Its target's scope (with the invitees of the target's guideline) and its own party.
                            SELECT t.party_ids, t.sector_ids, t.invited_party_ids INTO party_ids, sector_ids, invited_party_ids
                              FROM domain_event_scope(CASE p.target_kind WHEN 'GUIDELINE' THEN 'Guideline' ELSE 'SynergyLink' END, p.target_id) t;
                            party_ids := array_append(party_ids, p.party_id);
                            invited_party_ids := array_remove(invited_party_ids, p.party_id);
                            RETURN;
                        END IF;
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_owner_invitations(s_type, s_id) b;
                    WHEN s_type = 'PackageSignal' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_perspectives(s_type, s_id) b;
                    WHEN s_type = 'TopicCall' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_signals(s_type, s_id) b;
                    WHEN s_type IN ('ConsultationRound', 'Contribution') THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_consultation(s_type, s_id) b;
                    ELSE
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                END CASE;
                IF g_id IS NOT NULL THEN
                    invited_party_ids := ${INVITEES_SQL('g_id', 'party_ids')};
                END IF;
            END
            $$
        `);
    await queryRunner.query(fillScopeFunction(true));
    await queryRunner.query(CONFLICT_WITH_INVITEES);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CONFLICT_EVENTS_WHEN_DUE);
    await queryRunner.query(fillScopeFunction(false));
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$${DISPATCH_BODY}$$
        `);
    await queryRunner.query(`DROP INDEX "IDX_domain_event_invited_party_ids"`);
    await queryRunner.query(`ALTER TABLE "domain_event" DROP COLUMN "invited_party_ids"`);
  }
}
