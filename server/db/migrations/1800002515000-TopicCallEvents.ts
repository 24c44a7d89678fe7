import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scope of a topic call's events (TOPIC_CALL_CLOSED, written by the time sweep): the coordinator and
 * the invited parties, the agenda's sector. As in ConsultationEvents, the scope function keeps its body
 * under another name and the new one adds the subject type.
 */
export class TopicCallEvents1800002515000 implements MigrationInterface {
  name = 'TopicCallEvents1800002515000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION domain_event_scope(text, uuid) RENAME TO domain_event_scope_consultation`);
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            BEGIN
                IF s_type <> 'TopicCall' THEN
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_consultation(s_type, s_id) b;
                    RETURN;
                END IF;
                SELECT array_cat(ARRAY[c.coordinator_party_id],
                                 coalesce((SELECT array_agg(p.party_id) FROM topic_call_party p WHERE p.call_id = c.id), '{}')),
                       coalesce(array_remove(ARRAY[a.sector_id], NULL), '{}')
                  INTO party_ids, sector_ids
                  FROM topic_call c JOIN research_agenda a ON a.id = c.agenda_id WHERE c.id = s_id;
                party_ids := coalesce(party_ids, '{}'); sector_ids := coalesce(sector_ids, '{}');
            END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(`ALTER FUNCTION domain_event_scope_consultation(text, uuid) RENAME TO domain_event_scope`);
  }
}
