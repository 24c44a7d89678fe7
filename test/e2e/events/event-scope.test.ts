import { CHAINED_BODY } from '../../../server/db/migrations/1800002840000-EventScopeDispatch';
import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** Every subject type the scope function answers, with the table its subjects live in. */
const SUBJECTS: [string, string][] = [
  ['Guideline', 'guideline'],
  ['PackageAssessment', 'package_assessment'],
  ['SynergyLink', 'synergy_link'],
  ['Deliverable', 'deliverable'],
  ['Milestone', 'milestone'],
  ['ResearchAgendaVersion', 'research_agenda_version'],
  ['KnowledgeQuestion', 'knowledge_question'],
  ['ConsultationRound', 'consultation_round'],
  ['Contribution', 'contribution'],
  ['TopicCall', 'topic_call'],
  ['PackageSignal', 'package_signal'],
  ['Perspective', 'perspective'],
  ['GuidelineOwnerInvitation', 'guideline_owner_invitation'],
];

describe('the events’ scope, sent straight to the function that answers each type', () => {
  it('gives every subject the parties and sectors the chain of wrappers gave', async () => {
    const rollBack = new Error('rolled back');
    const run = app.dataSource.transaction(async (manager) => {
      // The chain as it was before EventScopeDispatch, for this transaction only.
      await manager.query(`
        CREATE FUNCTION pg_temp.chained_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
        LANGUAGE plpgsql STABLE AS $$${CHAINED_BODY.replace(
          /FROM domain_event_scope_before_owner_invitations/g,
          'FROM public.domain_event_scope_before_owner_invitations',
        )}$$`);
      // Subjects of the types the seed has none of, written in this transaction only (it is rolled back), on
      // records with parties (ids are random: the first one by id must not be a record without any).
      await manager.query(`
        WITH g AS (SELECT guideline_id AS id FROM guideline_owner ORDER BY guideline_id LIMIT 1),
             d AS (SELECT deliverable_id AS id FROM deliverable_owner ORDER BY deliverable_id LIMIT 1),
             v AS (SELECT v.id, v.agenda_id FROM research_agenda_version v JOIN research_agenda a ON a.id = v.agenda_id
                    WHERE a.sector_id IS NOT NULL ORDER BY v.id LIMIT 1),
             p AS (SELECT array_agg(id ORDER BY id) AS ids FROM party),
             r AS (SELECT id FROM consultation_round ORDER BY id LIMIT 1),
             l AS (SELECT id FROM synergy_link ORDER BY id LIMIT 1),
             q AS (SELECT id FROM knowledge_question ORDER BY id LIMIT 1),
             milestone AS (INSERT INTO milestone (deliverable_id, title) SELECT id, 'scope' FROM d),
             contribution AS (INSERT INTO contribution (round_id, party_id, type, text)
                              SELECT r.id, p.ids[1], 'GENERAL', 'scope' FROM r, p),
             call AS (INSERT INTO topic_call (key, agenda_id, agenda_version_id, coordinator_party_id, title, opens_at, closes_at)
                      SELECT 'scope', v.agenda_id, v.id, p.ids[1], 'scope', now(), now() + interval '1 day' FROM v, p RETURNING id),
             called AS (INSERT INTO topic_call_party (call_id, party_id) SELECT call.id, p.ids[2] FROM call, p),
             signal AS (INSERT INTO package_signal (raising_party_id, addressee_party_id, kind, title, description)
                        SELECT p.ids[1], p.ids[2], 'SIGNAL', 'scope', 'scope' FROM p RETURNING id),
             -- ACCEPTED: the chain named every co-signer; the scope now names those that agreed (a PENDING one is
             -- told as an invitee: ConsensualCoSigners).
             cosigned AS (INSERT INTO package_signal_co_signer (signal_id, party_id, status, decided_at)
                          SELECT signal.id, p.ids[3], 'ACCEPTED', now() FROM signal, p),
             perspective AS (INSERT INTO perspective (kind, target_kind, target_id, party_id, text)
                             SELECT 'PATIENT_PERSPECTIVE', t.kind::perspective_target_kind, t.id, p.ids[4], 'scope'
                               FROM p, (SELECT 'GUIDELINE' AS kind, id FROM g UNION ALL SELECT 'SYNERGY_LINK', id FROM l
                                        UNION ALL SELECT 'KNOWLEDGE_QUESTION', id FROM q UNION ALL SELECT 'AGENDA_VERSION', id FROM v
                                        UNION ALL SELECT 'RESEARCH_AGENDA', agenda_id FROM v) t)
        INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id)
        SELECT g.id, p.ids[5], p.ids[1] FROM g, p`);
      const found = [];
      for (const [type, table] of SUBJECTS) {
        const [row] = await manager.query(
          `SELECT count(*)::int AS subjects,
                  count(*) FILTER (WHERE (a.party_ids, a.sector_ids) IS DISTINCT FROM (b.party_ids, b.sector_ids))::int AS differing,
                  count(*) FILTER (WHERE cardinality(a.party_ids) > 0)::int AS scoped
             FROM (SELECT id FROM ${table} ORDER BY id LIMIT 500) s,
                  domain_event_scope($1, s.id) a, pg_temp.chained_scope($1, s.id) b`,
          [type],
        );
        found.push({ type, ...row, subjects: row.subjects > 0, scoped: row.scoped > 0 });
      }
      expect(found).toEqual(SUBJECTS.map(([type]) => ({ type, subjects: true, differing: 0, scoped: true })));
      throw rollBack;
    });
    await expect(run).rejects.toBe(rollBack);
  });

  it('tells the associations a PENDING invitation asks to co-own a guideline apart: for it, its links and perspectives on them', async () => {
    const rollBack = new Error('rolled back');
    const run = app.dataSource.transaction(async (manager) => {
      // A linked guideline, a party neither owning it nor assessing the link (invited), another speaking on both.
      const [{ g, l, invited, speaker }] = await manager.query(`
        WITH link AS (SELECT l.id, l.guideline_id, a.assessor_party_id FROM synergy_link l
                        JOIN package_assessment a ON a.id = l.assessment_id
                       WHERE EXISTS (SELECT 1 FROM guideline_owner o WHERE o.guideline_id = l.guideline_id)
                       ORDER BY l.id LIMIT 1),
             others AS (SELECT p.id FROM party p, link
                         WHERE p.id <> link.assessor_party_id
                           AND p.id NOT IN (SELECT party_id FROM guideline_owner WHERE guideline_id = link.guideline_id)
                         ORDER BY p.id LIMIT 2)
        SELECT link.guideline_id AS g, link.id AS l, (SELECT min(id::text) FROM others)::uuid AS invited,
               (SELECT max(id::text) FROM others)::uuid AS speaker FROM link`);
      const [invitation] = await manager.query(
        `INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id)
         SELECT $1, $2, party_id FROM guideline_owner WHERE guideline_id = $1 LIMIT 1 RETURNING id`,
        [g, invited],
      );
      const perspectives = await manager.query(
        `INSERT INTO perspective (kind, target_kind, target_id, party_id, text)
         VALUES ('PATIENT_PERSPECTIVE', 'GUIDELINE', $1, $3, 'scope'), ('PATIENT_PERSPECTIVE', 'SYNERGY_LINK', $2, $3, 'scope')
         RETURNING id`,
        [g, l, speaker],
      );
      const subjects: [string, string][] = [
        ['Guideline', g],
        ['SynergyLink', l],
        ['Perspective', perspectives[0].id],
        ['Perspective', perspectives[1].id],
        ['GuidelineOwnerInvitation', invitation.id],
      ];
      // One at a time: the transaction's connection runs one query after the other.
      const scopes = async () => {
        const found = [];
        for (const [type, id] of subjects) {
          const [row] = await manager.query(
            `SELECT $3::uuid = ANY(s.party_ids) AS named, s.invited_party_ids AS told FROM domain_event_scope($1, $2) s`,
            [type, id, invited],
          );
          found.push([type, row.named, row.told]);
        }
        return found;
      };
      // Told, not named; an invitation's own events name the invited party (their readers know of it).
      expect(await scopes()).toEqual([
        ['Guideline', false, [invited]],
        ['SynergyLink', false, [invited]],
        ['Perspective', false, [invited]],
        ['Perspective', false, [invited]],
        ['GuidelineOwnerInvitation', true, []],
      ]);
      // The outbox trigger stores them with an event it scopes.
      const [event] = await manager.query(
        `INSERT INTO domain_event (type, subject_type, subject_id) VALUES ('GUIDELINE_EDITION_PUBLISHED', 'Guideline', $1)
         RETURNING invited_party_ids`,
        [g],
      );
      expect(event.invited_party_ids).toEqual([invited]);
      // Declined, the invitation no longer makes the guideline's events the party's.
      await manager.query(
        `UPDATE guideline_owner_invitation SET status = 'DECLINED', decided_at = now() WHERE id = $1`,
        [invitation.id],
      );
      expect(await scopes()).toEqual([
        ['Guideline', false, []],
        ['SynergyLink', false, []],
        ['Perspective', false, []],
        ['Perspective', false, []],
        ['GuidelineOwnerInvitation', true, []],
      ]);
      throw rollBack;
    });
    await expect(run).rejects.toBe(rollBack);
  });

  it('gives an unknown type or a missing subject an empty scope', async () => {
    const rows = await app.dataSource.query(
      `SELECT s.party_ids, s.sector_ids, s.invited_party_ids
         FROM unnest(ARRAY['Nothing', 'Guideline', 'SynergyLink', 'Perspective', 'GuidelineOwnerInvitation']) t,
              domain_event_scope(t, gen_random_uuid()) s`,
    );
    expect(rows).toEqual(Array(5).fill({ party_ids: [], sector_ids: [], invited_party_ids: [] }));
  });
});
