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

/** The conflict events' trigger function; `invited` adds the guideline's PENDING invitees (invited_party_ids). */
const conflictEventFunction = (invited: boolean) => `
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
                INSERT INTO domain_event (type, subject_type, subject_id, requires, party_ids, sector_ids, payload${invited ? ', invited_party_ids' : ''})
                SELECT CASE WHEN opened THEN 'CONFLICT_OPENED' ELSE 'CONFLICT_RESOLVED' END,
                       'Guideline', c.guideline_id,
                       CASE WHEN c.assessment_id IS NULL THEN '[]'::jsonb
                            ELSE jsonb_build_array(jsonb_build_array('PackageAssessment', c.assessment_id)) END,
                       parties.ids,
                       coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = c.guideline_id), '{}'),
                       jsonb_build_object('conflict', jsonb_build_object('key', c.key, 'kind', c.kind,
                           'guidelineId', c.guideline_id, 'recommendationId', c.recommendation_id,
                           'assessmentId', c.assessment_id, 'linkId', c.link_id))${
                             invited
                               ? `,
                       ARRAY(SELECT unnest(domain_event_guideline_invitees(c.guideline_id)) EXCEPT SELECT unnest(parties.ids))`
                               : ''
                           }
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
 * (mayReadOwnerInvitation). The filter matches `invited_party_ids` only for the viewer's own parties
 * (event-store.ts). An invitation's own events keep the invited party in `party_ids`: their readers know of it.
 *
 * Like the rest of the scope this is computed when an event is written, not when it is read: an invitation sent
 * later does not reach events from before it, and one declined or withdrawn leaves the events told meanwhile
 * marked (as a former owner keeps those of its time). That keeps the filter an indexed match on the row, and it
 * widens nothing: every reader still asks the read rule at delivery (EventAccess), so an association that
 * declined a draft no longer receives what it was told while invited.
 *
 * domain_event_scope gets a third OUT value, so it is dropped and created again with the same dispatch.
 */
export class InvitedPartiesInEventScope1800002853000 implements MigrationInterface {
  name = 'InvitedPartiesInEventScope1800002853000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "domain_event" ADD "invited_party_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE INDEX "IDX_domain_event_invited_party_ids" ON "domain_event" USING gin ("invited_party_ids")`,
    );
    // SQL twin of SynergyAccess.pendingInviteeIds, the invitees the guideline read rule lets in.
    await queryRunner.query(`
            CREATE FUNCTION domain_event_guideline_invitees(g_id uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
                SELECT coalesce(array_agg(i.invited_party_id ORDER BY i.invited_party_id), '{}')
                  FROM guideline_owner_invitation i WHERE i.guideline_id = g_id AND i.status = 'PENDING'
            $$
        `);
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[],
                                               OUT invited_party_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                i record;
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
                    WHEN s_type = 'Perspective' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_owner_invitations(s_type, s_id) b;
                        -- A perspective's scope is its target's with its own party.
                        SELECT CASE p.target_kind WHEN 'GUIDELINE' THEN p.target_id
                                    WHEN 'SYNERGY_LINK' THEN (SELECT l.guideline_id FROM synergy_link l WHERE l.id = p.target_id) END
                          INTO g_id FROM perspective p WHERE p.id = s_id;
                    WHEN s_type = 'PackageSignal' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_perspectives(s_type, s_id) b;
                    WHEN s_type = 'TopicCall' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_signals(s_type, s_id) b;
                    WHEN s_type IN ('ConsultationRound', 'Contribution') THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_consultation(s_type, s_id) b;
                    ELSE
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                        IF s_type = 'Guideline' THEN
                            g_id := s_id;
                        ELSIF s_type = 'SynergyLink' THEN
                            SELECT l.guideline_id INTO g_id FROM synergy_link l WHERE l.id = s_id;
                        END IF;
                END CASE;
                IF g_id IS NOT NULL THEN
                    invited_party_ids := ARRAY(SELECT unnest(domain_event_guideline_invitees(g_id)) EXCEPT SELECT unnest(party_ids));
                END IF;
            END
            $$
        `);
    await queryRunner.query(fillScopeFunction(true));
    await queryRunner.query(conflictEventFunction(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(conflictEventFunction(false));
    await queryRunner.query(fillScopeFunction(false));
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$${DISPATCH_BODY}$$
        `);
    await queryRunner.query(`DROP FUNCTION domain_event_guideline_invitees(uuid)`);
    await queryRunner.query(`DROP INDEX "IDX_domain_event_invited_party_ids"`);
    await queryRunner.query(`ALTER TABLE "domain_event" DROP COLUMN "invited_party_ids"`);
  }
}
