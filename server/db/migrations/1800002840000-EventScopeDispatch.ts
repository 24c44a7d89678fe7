import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The body GuidelineOwnerInvitations gave domain_event_scope: the top of the chain, restored by down(). */
export const CHAINED_BODY = `
            DECLARE
                i record;
            BEGIN
                IF s_type <> 'GuidelineOwnerInvitation' THEN
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_owner_invitations(s_type, s_id) b;
                    RETURN;
                END IF;
                SELECT * INTO i FROM guideline_owner_invitation WHERE id = s_id;
                IF i.id IS NULL THEN
                    party_ids := '{}'; sector_ids := '{}';
                    RETURN;
                END IF;
                SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids
                  FROM domain_event_scope_before_owner_invitations('Guideline', i.guideline_id) b;
                party_ids := array_append(array_remove(coalesce(party_ids, '{}'), i.invited_party_id), i.invited_party_id);
                sector_ids := coalesce(sector_ids, '{}');
            END
            `;

/**
 * Each migration that added a subject type kept the scope function's body under another name and wrapped it,
 * so a link's or a deliverable's scope passed through five wrappers: 27–31 µs a call against 6–10 µs for the
 * function that answers it (and a batch of 20 links asks 40 times). domain_event_scope now sends each type
 * straight to the function that answers it; every older function still answers its own types first, so
 * calling it directly gives what the chain gave. New subject types get a branch here.
 */
export class EventScopeDispatch1800002840000 implements MigrationInterface {
  name = 'EventScopeDispatch1800002840000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
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
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$${CHAINED_BODY}$$
        `);
  }
}
