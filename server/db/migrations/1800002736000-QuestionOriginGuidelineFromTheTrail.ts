import type { MigrationInterface, QueryRunner } from 'typeorm';

const NAME = 'QuestionOriginGuidelineFromTheTrail1800002736000';
const FILLED = 'RESTORE_ORIGIN_GUIDELINE';
const UNDONE = 'UNDO_RESTORE_ORIGIN_GUIDELINE';
const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * QuestionOriginGuideline filled a knowledge gap's guideline from recommendations still there; a question
 * whose recommendation was removed before it kept none, and its origin reads null. The audit trail still
 * names both: the question's CREATE entry its recommendation (a nested `origin` value before the origin was
 * audited as flat fields, `originRecommendationId` since), and the recommendation's CREATE or DELETE entry its
 * `guidelineId` (a recommendation never changes guideline). A question proposed through the API gets its
 * guideline back from them; a seeded one has no CREATE entry and stays without.
 *
 * Each question filled gets an audit entry (request id: this migration's name) with the guideline it got;
 * `down` clears exactly those still holding it and says so in the trail, which stays append-only.
 */
export class QuestionOriginGuidelineFromTheTrail1800002736000 implements MigrationInterface {
  name = NAME;

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The trail is looked through once: not under the request statement timeout.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(
      `WITH gap AS (
         SELECT q.id, q.proposed_by_party_id,
                (SELECT coalesce(c -> 'after' ->> 'originRecommendationId',
                                 CASE WHEN c ->> 'field' = 'originRecommendationId' THEN c ->> 'after' END)
                   FROM audit_event e CROSS JOIN jsonb_array_elements(e.changes) AS c
                  WHERE e.entity_type = 'KnowledgeQuestion' AND e.entity_id = q.id AND e.action = 'CREATE'
                    AND c ->> 'field' IN ('origin', 'originRecommendationId')
                  ORDER BY e.occurred_at LIMIT 1) AS recommendation_id
           FROM knowledge_question q
          WHERE q.origin_kind = 'RECOMMENDATION_GAP' AND q.origin_recommendation_id IS NULL
            AND q.origin_guideline_id IS NULL
       ), found AS (
         SELECT gap.id, gap.proposed_by_party_id,
                (SELECT coalesce(c ->> 'after', c ->> 'before')
                   FROM audit_event r CROSS JOIN jsonb_array_elements(r.changes) AS c
                  WHERE r.entity_type = 'Recommendation' AND r.action IN ('CREATE', 'DELETE')
                    AND r.entity_id = CASE WHEN gap.recommendation_id ~ ${UUID} THEN gap.recommendation_id::uuid END
                    AND c ->> 'field' = 'guidelineId'
                  ORDER BY r.occurred_at LIMIT 1) AS guideline_id
           FROM gap
       ), filled AS (
         UPDATE knowledge_question q SET origin_guideline_id = g.id
           FROM found f JOIN guideline g ON g.id = CASE WHEN f.guideline_id ~ ${UUID} THEN f.guideline_id::uuid END
          WHERE q.id = f.id
          RETURNING q.id, q.proposed_by_party_id, g.id AS guideline_id
       )
       INSERT INTO audit_event (entity_type, entity_id, action, owner_party_id, changes, request_id)
       SELECT 'KnowledgeQuestion', id, '${FILLED}', proposed_by_party_id,
              jsonb_build_array(jsonb_build_object('field', 'originGuidelineId', 'before', NULL, 'after', guideline_id)),
              $1
         FROM filled`,
      [NAME],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    // Filled and not undone since: more entries of filling than of undoing (up and down may run again).
    await queryRunner.query(
      `WITH mine AS (
         SELECT e.entity_id AS id, max(e.changes -> 0 ->> 'after') FILTER (WHERE e.action = '${FILLED}') AS guideline_id
           FROM audit_event e
          WHERE e.entity_type = 'KnowledgeQuestion' AND e.request_id = $1 AND e.action IN ('${FILLED}', '${UNDONE}')
          GROUP BY e.entity_id
         HAVING count(*) FILTER (WHERE e.action = '${FILLED}') > count(*) FILTER (WHERE e.action = '${UNDONE}')
       ), cleared AS (
         UPDATE knowledge_question q SET origin_guideline_id = NULL
           FROM mine WHERE q.id = mine.id AND q.origin_guideline_id::text = mine.guideline_id
          RETURNING q.id, q.proposed_by_party_id, mine.guideline_id
       )
       INSERT INTO audit_event (entity_type, entity_id, action, owner_party_id, changes, request_id)
       SELECT 'KnowledgeQuestion', id, '${UNDONE}', proposed_by_party_id,
              jsonb_build_array(jsonb_build_object('field', 'originGuidelineId', 'before', guideline_id, 'after', NULL)),
              $1
         FROM cleared`,
      [NAME],
    );
  }
}
