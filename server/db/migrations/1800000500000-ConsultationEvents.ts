import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scope (parties, sectors) of consultation events: a round's owner and invited parties, a
 * contribution's round owner and contributing party, and the sectors of the consulted draft. The scope
 * function of DomainEvents keeps its body under a new name and the new one adds the two subject types,
 * so the cases of the other domains stay defined in one place.
 */
export class ConsultationEvents1800000500000 implements MigrationInterface {
  name = 'ConsultationEvents1800000500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION domain_event_scope(text, uuid) RENAME TO domain_event_scope_base`);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                r record;
                extra uuid[];
            BEGIN
                IF s_type NOT IN ('ConsultationRound', 'Contribution') THEN
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                    RETURN;
                END IF;
                IF s_type = 'Contribution' THEN
                    SELECT cr.*, c.party_id AS contributor INTO r
                      FROM contribution c JOIN consultation_round cr ON cr.id = c.round_id WHERE c.id = s_id;
                ELSE
                    SELECT cr.*, NULL::uuid AS contributor INTO r FROM consultation_round cr WHERE cr.id = s_id;
                END IF;
                IF NOT FOUND THEN
                    party_ids := '{}'; sector_ids := '{}';
                    RETURN;
                END IF;
                extra := CASE WHEN s_type = 'Contribution' THEN ARRAY[r.contributor]
                              ELSE coalesce((SELECT array_agg(party_id) FROM consultation_round_party WHERE round_id = s_id), '{}') END;
                party_ids := array_cat(ARRAY[r.owner_party_id], extra);
                SELECT b.sector_ids INTO sector_ids
                  FROM domain_event_scope_base(
                         CASE WHEN r.agenda_version_id IS NOT NULL THEN 'ResearchAgendaVersion'
                              WHEN r.assessment_id IS NOT NULL THEN 'PackageAssessment' ELSE 'Guideline' END,
                         coalesce(r.agenda_version_id, r.assessment_id, r.guideline_id)) b;
                sector_ids := coalesce(sector_ids, '{}');
            END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`ALTER FUNCTION domain_event_scope_base(text, uuid) RENAME TO domain_event_scope`);
  }
}
