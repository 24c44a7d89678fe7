import { createTestApp, type TestApp } from '../../helpers/app';
import { CONSULTED_TARGETS_SQL } from '../../../server/auth/consultation.access';
import {
  AUDIT_EVENT_IDS_OF_PARTIES_SQL,
  AUDIT_EVENT_VISIBLE_SQL,
  mayReadAuditEvent,
} from '../../../server/auth/people.access';
import { AGENDA_VERSION_VISIBLE_SQL, isDraftAgendaVersion } from '../../../server/auth/research.access';
import {
  ASSESSMENT_VISIBLE_SQL,
  GUIDELINE_VISIBLE_SQL,
  LINK_VISIBLE_SQL,
  RECORDED_UUID_SQL,
  guidelineEventPartiesAmong,
  isDraftAssessment,
  isDraftGuideline,
  mayReadAssessmentDraft,
  mayReadGuidelineDraft,
  mayReadLink,
  mayReadOwnerInvitation,
  recordedGuidelineId,
  recordedId,
  type ReadScope,
} from '../../../server/auth/synergy.access';
import type { GuidelineStatus } from '../../../entities/synergy.enums';

/**
 * Each read rule of server/auth and its SQL twin give the same answer on every seeded record, for
 * viewers of every reach: a change to one without the other fails here.
 */
let app: TestApp;
let scopes: [string, ReadScope][];
beforeAll(async () => {
  app = await createTestApp();
  // Synergy drafts are made here, so each rule meets drafts it must hide and drafts it must show.
  await app.dataSource.query(
    `UPDATE guideline SET status = 'IN_DEVELOPMENT' WHERE id IN (SELECT id FROM guideline ORDER BY key LIMIT 3)`,
  );
  await app.dataSource.query(
    `UPDATE package_assessment SET published = false WHERE id IN (SELECT id FROM package_assessment ORDER BY key LIMIT 3)`,
  );
  // Links between drafts and published records of both kinds, so the link rule meets hidden links too.
  await app.dataSource.query(
    `INSERT INTO synergy_link (guideline_id, assessment_id, link_type, alignment)
     SELECT g.id, a.id, 'SHARED_EVIDENCE', 'ALIGNED'
       FROM (SELECT id FROM guideline ORDER BY key LIMIT 4) g, (SELECT id FROM package_assessment ORDER BY key LIMIT 4) a
     ON CONFLICT DO NOTHING`,
  );
  const party = async (key: string) => (await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]))[0].id;
  const [fms, zin, nhg] = await Promise.all([party('fms'), party('zorginstituut'), party('nhg')]);
  // A live consultation round on a draft guideline that invites NHG: its members read that draft too
  // (the seed's demo round on a draft standpunt invites the scientific associations, FMS among them).
  const [round] = await app.dataSource.query(
    `INSERT INTO consultation_round (key, target_kind, guideline_id, owner_party_id, question, opens_at, closes_at)
     SELECT 'twin-test-round', 'GUIDELINE', id, $1, 'Vraag?', now() - interval '1 hour', now() + interval '1 hour'
       FROM guideline WHERE status = 'IN_DEVELOPMENT' ORDER BY key LIMIT 1 RETURNING id`,
    [zin],
  );
  await app.dataSource.query('INSERT INTO consultation_round_party (round_id, party_id) VALUES ($1, $2)', [
    round.id,
    nhg,
  ]);
  // Invitations to co-own a draft that NHG owns (with others) and FMS and the Zorginstituut do not: FMS's PENDING
  // (its members read the draft while it decides), the Zorginstituut's DECLINED (they do not), with an audit
  // entry of each answer, which NHG reads as an owner.
  const [draft] = await app.dataSource.query(
    `SELECT id FROM guideline g WHERE status = 'IN_DEVELOPMENT'
        AND NOT EXISTS (SELECT 1 FROM guideline_owner x WHERE x.guideline_id = g.id AND x.party_id = ANY($1))
      ORDER BY key LIMIT 1`,
    [[fms, zin]],
  );
  await app.dataSource.query(
    'INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [draft.id, nhg],
  );
  await app.dataSource.query(
    `INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id, status, decided_at)
     VALUES ($1, $2, $4, 'PENDING', NULL), ($1, $3, $4, 'DECLINED', now())`,
    [draft.id, fms, zin, nhg],
  );
  await app.dataSource.query(
    `INSERT INTO audit_event (owner_party_id, acting_party_id, entity_type, entity_id, action)
     SELECT invited_party_id, invited_party_id, 'GuidelineOwnerInvitation', id, 'ANSWER' FROM guideline_owner_invitation`,
  );
  // Entries on guidelines and recommendations that name no party, so only the guideline's owners (and, for an
  // owner change of a published guideline, the parties it took it from) read them: on a published guideline NHG
  // co-owns, on the draft above, on a published guideline none of the three owns; an owner change taking each
  // from FMS (the draft's too), one that keeps FMS; a recommendation's entries by its row, by the guideline its
  // CREATE or DELETE entry records (a removed one), and one with neither.
  const [published, other] = await app.dataSource.query(
    `SELECT id FROM guideline g WHERE status <> 'IN_DEVELOPMENT'
        AND NOT EXISTS (SELECT 1 FROM guideline_owner x WHERE x.guideline_id = g.id AND x.party_id = ANY($1))
      ORDER BY key LIMIT 2`,
    [[fms, zin, nhg]],
  );
  await app.dataSource.query('INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2)', [
    published.id,
    nhg,
  ]);
  const [recommendation] = await app.dataSource.query(
    `INSERT INTO recommendation (key, guideline_id, text, kind) VALUES ('twin-test-recommendation', $1, 'Doe A.', 'DO')
     RETURNING id`,
    [published.id],
  );
  const ownerChange = (before: string[], after: string[]) => [
    { field: 'ownerPartyIds', before, after },
    { field: 'title', before: 'Oud', after: 'Nieuw' },
  ];
  const recorded = (before: string | null, after: string | null) => [
    { field: 'text', before: null, after: 'Doe B.' },
    { field: 'guidelineId', before, after },
  ];
  // Removed records, their rows gone: a recommendation's and a link's DELETE entry records what it was, their
  // edits nothing. Links removed between a guideline NHG owns and Zorginstituut's published assessment (both
  // sides read it), another assessor's draft (that draft hides it), and from NHG's draft (hidden from the
  // assessor), and one whose entry records no usable ends.
  await app.dataSource.query(
    `UPDATE package_assessment SET published = false
      WHERE id = (SELECT id FROM package_assessment WHERE assessor_party_id <> ALL($1) ORDER BY key LIMIT 1)`,
    [[fms, zin, nhg]],
  );
  const [[zinPublished], [othersDraft]] = await Promise.all([
    app.dataSource.query(
      `SELECT id FROM package_assessment WHERE published AND assessor_party_id = $1 ORDER BY key LIMIT 1`,
      [zin],
    ),
    app.dataSource.query(
      `SELECT id FROM package_assessment WHERE NOT published AND assessor_party_id <> ALL($1) ORDER BY key LIMIT 1`,
      [[fms, zin, nhg]],
    ),
  ]);
  const removedLink = (guidelineId: string, assessmentId: string) => [
    { field: 'guidelineId', before: guidelineId, after: null },
    { field: 'assessmentId', before: assessmentId, after: null },
    { field: 'linkType', before: 'SHARED_EVIDENCE', after: null },
  ];
  const [gone, goneElsewhere] = [crypto.randomUUID(), crypto.randomUUID()];
  const goneLinks: [string, unknown[]][] = [
    [crypto.randomUUID(), removedLink(published.id, zinPublished.id)],
    [crypto.randomUUID(), removedLink(published.id, othersDraft.id)],
    [crypto.randomUUID(), removedLink(draft.id, zinPublished.id)],
    [crypto.randomUUID(), removedLink('not-a-uuid', zinPublished.id)],
  ];
  const entries: [string, string, string, unknown[]][] = [
    ['Recommendation', gone, 'UPDATE', [{ field: 'text', before: 'Doe C.', after: 'Doe D.' }]],
    ['Recommendation', gone, 'DELETE', recorded(published.id, null)],
    ['Recommendation', goneElsewhere, 'UPDATE', []],
    ['Recommendation', goneElsewhere, 'DELETE', recorded(other.id, null)],
    ...goneLinks.flatMap(([id, ends]): [string, string, string, unknown[]][] => [
      ['SynergyLink', id, 'CONFIRM', [{ field: 'assessorConfirmedAt', before: null, after: '2026-01-01T00:00:00Z' }]],
      ['SynergyLink', id, 'DELETE', ends],
    ]),
    ['Guideline', published.id, 'UPDATE', []],
    ['Guideline', draft.id, 'UPDATE', []],
    ['Guideline', published.id, 'UPDATE', ownerChange([fms, nhg], [nhg])],
    ['Guideline', draft.id, 'UPDATE', ownerChange([fms, nhg], [nhg])],
    ['Guideline', other.id, 'UPDATE', ownerChange([fms, zin], [zin])],
    ['Guideline', other.id, 'UPDATE', ownerChange([fms], [fms, zin])],
    ['Recommendation', recommendation.id, 'UPDATE', []],
    ['Recommendation', crypto.randomUUID(), 'DELETE', recorded(published.id, null)],
    ['Recommendation', crypto.randomUUID(), 'CREATE', recorded(null, draft.id)],
    ['Recommendation', crypto.randomUUID(), 'CREATE', recorded(null, other.id)],
    ['Recommendation', crypto.randomUUID(), 'UPDATE', []],
  ];
  await app.dataSource.query(
    `INSERT INTO audit_event (entity_type, entity_id, action, changes)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[])`,
    [0, 1, 2, 3].map((i) => entries.map((e) => (i === 3 ? JSON.stringify(e[i]) : e[i]))),
  );
  // An entry naming no party on every link there is: its sides read it while they read the link.
  await app.dataSource.query(
    `INSERT INTO audit_event (entity_type, entity_id, action) SELECT 'SynergyLink', id, 'UPDATE' FROM synergy_link`,
  );
  // Audit events on and by each combination of parties, and one without any.
  await app.dataSource.query(
    `INSERT INTO audit_event (owner_party_id, acting_party_id, entity_type, entity_id, action)
     SELECT o, a, 'Test', gen_random_uuid(), 'TEST'
       FROM unnest($1::uuid[]) AS o, unnest($1::uuid[]) AS a`,
    [[fms, zin, nhg]],
  );
  await app.dataSource.query(
    `INSERT INTO audit_event (entity_type, entity_id, action) VALUES ('Test', gen_random_uuid(), 'TEST')`,
  );
  scopes = [
    ['nobody', { all: false, partyIds: [] }],
    ['everything', { all: true, partyIds: [] }],
    ['fms', { all: false, partyIds: [fms] }],
    ['zorginstituut', { all: false, partyIds: [zin] }],
    ['fms and nhg', { all: false, partyIds: [fms, nhg] }],
  ];
});
afterAll(() => app.close());

/** The drafts a scope's parties read as consulted parties (the per-record side of the consultation rule). */
const consultedBy = async (scope: ReadScope): Promise<Set<string>> =>
  new Set(
    ((await app.dataSource.query(CONSULTED_TARGETS_SQL, [scope.partyIds])) as { targetId: string }[]).map(
      (r) => r.targetId,
    ),
  );

/** SQL: the parties a PENDING invitation asks to co-own guideline `id` (the per-record side of that ground). */
const PENDING_INVITEES = (id: string) =>
  `ARRAY(SELECT invited_party_id FROM guideline_owner_invitation i WHERE i.guideline_id = ${id} AND i.status = 'PENDING')`;

const visibleIds = async (sql: string, params: unknown[]): Promise<string[]> =>
  ((await app.dataSource.query(sql, params)) as { id: string }[]).map((r) => r.id).sort();

it('has drafts of both kinds, links to them and audit events to compare on', async () => {
  const [{ guidelines, assessments, events, hiddenLinks, shownLinks }] = await app.dataSource.query(
    `SELECT (SELECT count(*) FROM guideline WHERE status = 'IN_DEVELOPMENT')::int AS guidelines,
            (SELECT count(*) FROM package_assessment WHERE NOT published)::int AS assessments,
            (SELECT count(*) FROM audit_event)::int AS events,
            (SELECT count(*) FROM synergy_link l JOIN guideline g ON g.id = l.guideline_id
               JOIN package_assessment a ON a.id = l.assessment_id
              WHERE g.status = 'IN_DEVELOPMENT' OR NOT a.published)::int AS "hiddenLinks",
            (SELECT count(*) FROM synergy_link l JOIN guideline g ON g.id = l.guideline_id
               JOIN package_assessment a ON a.id = l.assessment_id
              WHERE g.status <> 'IN_DEVELOPMENT' AND a.published)::int AS "shownLinks"`,
  );
  expect(Math.min(guidelines, assessments, events)).toBeGreaterThanOrEqual(3);
  expect(Math.min(hiddenLinks, shownLinks)).toBeGreaterThanOrEqual(2);
  // Consulted drafts of both kinds: NHG on a guideline, FMS on the demo standpunt.
  const consulted = await consultedBy(scopes.find(([n]) => n === 'fms and nhg')![1]);
  const [{ kinds }] = await app.dataSource.query(
    `SELECT array_agg(DISTINCT target_kind::text ORDER BY target_kind::text) AS kinds FROM consultation_round
      WHERE coalesce(guideline_id, assessment_id) = ANY($1)`,
    [[...consulted]],
  );
  expect(kinds).toEqual(['GUIDELINE', 'PACKAGE_ASSESSMENT']);
});

describe.each(['nobody', 'everything', 'fms', 'zorginstituut', 'fms and nhg'])('a viewer reaching %s', (name) => {
  const scope = () => scopes.find(([n]) => n === name)![1];

  it('sees the same guidelines through GUIDELINE_VISIBLE_SQL as through mayReadGuidelineDraft', async () => {
    const rows: { id: string; status: string; owners: string[]; invited: string[] }[] = await app.dataSource.query(
      `SELECT g.id, g.status, ARRAY(SELECT party_id FROM guideline_owner o WHERE o.guideline_id = g.id) AS owners,
              ${PENDING_INVITEES('g.id')} AS invited
         FROM guideline g`,
    );
    const consulted = await consultedBy(scope());
    const expected = rows
      .filter(
        (g) =>
          !isDraftGuideline(g as never) || mayReadGuidelineDraft(scope(), g.owners, consulted.has(g.id), g.invited),
      )
      .map((g) => g.id)
      .sort();
    const sql = `SELECT g.id FROM guideline g WHERE ${GUIDELINE_VISIBLE_SQL('g', '$1', '$2')}`;
    expect(await visibleIds(sql, [scope().all, scope().partyIds])).toEqual(expected);
  });

  it('sees the same assessments through ASSESSMENT_VISIBLE_SQL as through mayReadAssessmentDraft', async () => {
    const rows: { id: string; published: boolean; assessor_party_id: string }[] = await app.dataSource.query(
      'SELECT id, published, assessor_party_id FROM package_assessment',
    );
    const consulted = await consultedBy(scope());
    const expected = rows
      .filter((a) => !isDraftAssessment(a) || mayReadAssessmentDraft(scope(), a.assessor_party_id, consulted.has(a.id)))
      .map((a) => a.id)
      .sort();
    const sql = `SELECT a.id FROM package_assessment a WHERE ${ASSESSMENT_VISIBLE_SQL('a', '$1', '$2')}`;
    expect(await visibleIds(sql, [scope().all, scope().partyIds])).toEqual(expected);
  });

  it('sees the same links through LINK_VISIBLE_SQL as through mayReadLink', async () => {
    const rows: {
      id: string;
      guideline_id: string;
      assessment_id: string;
      status: string;
      owners: string[];
      published: boolean;
      assessor_party_id: string;
      invited: string[];
    }[] = await app.dataSource.query(
      `SELECT l.id, l.guideline_id, l.assessment_id, g.status, a.published, a.assessor_party_id,
              ARRAY(SELECT party_id FROM guideline_owner o WHERE o.guideline_id = g.id) AS owners,
              ${PENDING_INVITEES('g.id')} AS invited
         FROM synergy_link l JOIN guideline g ON g.id = l.guideline_id JOIN package_assessment a ON a.id = l.assessment_id`,
    );
    const consulted = await consultedBy(scope());
    const expected = rows
      .filter((l) =>
        mayReadLink(
          scope(),
          { status: l.status as never },
          l.owners,
          { published: l.published, assessorPartyId: l.assessor_party_id },
          { guideline: consulted.has(l.guideline_id), assessment: consulted.has(l.assessment_id) },
          l.invited,
        ),
      )
      .map((l) => l.id)
      .sort();
    const sql = `SELECT l.id FROM synergy_link l WHERE ${LINK_VISIBLE_SQL('l', '$1', '$2')}`;
    expect(await visibleIds(sql, [scope().all, scope().partyIds])).toEqual(expected);
  });

  it('sees the same audit events through AUDIT_EVENT_VISIBLE_SQL as through mayReadAuditEvent', async () => {
    const expected = (await auditByTheRule(scope())).sort();
    // The SQL twin serves the scopes that are not `all` (the list adds no condition for those).
    const sql = `SELECT e.id FROM audit_event e WHERE $1 OR ${AUDIT_EVENT_VISIBLE_SQL('e', '$2')}`;
    expect(await visibleIds(sql, [scope().all, scope().partyIds])).toEqual(expected);
  });

  it('sees the same audit events through AUDIT_EVENT_IDS_OF_PARTIES_SQL (the list’s) as through mayReadAuditEvent', async () => {
    const expected = (await auditByTheRule(scope())).sort();
    const sql = `SELECT e.id FROM audit_event e WHERE $1 OR e.id IN (${AUDIT_EVENT_IDS_OF_PARTIES_SQL('$2')})`;
    expect(await visibleIds(sql, [scope().all, scope().partyIds])).toEqual(expected);
  });

  it('sees the same entries of some links when AUDIT_EVENT_VISIBLE_SQL is narrowed to them (a link’s history)', async () => {
    // Every other link there is and was, live and removed, so each branch meets links in and out of the bound.
    const linkIds: string[] = (
      await app.dataSource.query(
        `SELECT id FROM (SELECT DISTINCT entity_id AS id FROM audit_event WHERE entity_type = 'SynergyLink') l
          ORDER BY id`,
      )
    )
      .map((l: { id: string }) => l.id)
      .filter((_: string, i: number) => i % 2 === 0);
    const onThem = `SELECT e.id FROM audit_event e WHERE e.entity_id = ANY($3) AND ($1 OR `;
    const [whole, narrowed] = await Promise.all([
      visibleIds(`${onThem}${AUDIT_EVENT_VISIBLE_SQL('e', '$2')})`, [scope().all, scope().partyIds, linkIds]),
      visibleIds(`${onThem}${AUDIT_EVENT_VISIBLE_SQL('e', '$2', '$3')})`, [scope().all, scope().partyIds, linkIds]),
    ]);
    expect(linkIds.length).toBeGreaterThanOrEqual(4);
    expect(narrowed).toEqual(whole);
  });
});

/**
 * The audit events a scope reads by `mayReadAuditEvent`, with the parties of the records as the access modules
 * find them (SynergyAccess.sidesOfReadableLink, ownerInvitationReadersAmong, guidelineEventReadersAmong).
 */
async function auditByTheRule(scope: ReadScope): Promise<string[]> {
  const rows: {
    id: string;
    owner_party_id: string | null;
    acting_party_id: string | null;
    entity_type: string;
    entity_id: string;
    changes: { field: string; before: unknown; after: unknown }[];
    recommendation_guideline: string | null;
    link: { guidelineId: string; assessmentId: string } | null;
    removal: { field: string; before: unknown; after: unknown }[] | null;
    invitation: { invitedPartyId: string; owners: string[] } | null;
  }[] = await app.dataSource.query(
    `SELECT e.id, e.owner_party_id, e.acting_party_id, e.entity_type, e.entity_id, e.changes,
            r.guideline_id AS recommendation_guideline,
            CASE WHEN l.id IS NOT NULL THEN json_build_object('guidelineId', l.guideline_id, 'assessmentId', l.assessment_id) END AS link,
            (SELECT d.changes FROM audit_event d WHERE d.entity_type = e.entity_type AND d.entity_id = e.entity_id
                AND d.action = 'DELETE' ORDER BY d.occurred_at DESC, d.id DESC LIMIT 1) AS removal,
            CASE WHEN i.id IS NOT NULL THEN json_build_object('invitedPartyId', i.invited_party_id,
              'owners', ARRAY(SELECT party_id FROM guideline_owner o WHERE o.guideline_id = i.guideline_id)) END AS invitation
       FROM audit_event e
       LEFT JOIN guideline_owner_invitation i ON e.entity_type = 'GuidelineOwnerInvitation' AND i.id = e.entity_id
       LEFT JOIN recommendation r ON e.entity_type = 'Recommendation' AND r.id = e.entity_id
       LEFT JOIN synergy_link l ON e.entity_type = 'SynergyLink' AND l.id = e.entity_id`,
  );
  expect(rows.filter((e) => e.invitation !== null).length).toBeGreaterThanOrEqual(2);
  // Entries on links there are and on removed ones, and on removed recommendations.
  const onLinks = rows.filter((e) => e.entity_type === 'SynergyLink');
  expect(onLinks.filter((e) => e.link).length).toBeGreaterThanOrEqual(4);
  expect(onLinks.filter((e) => !e.link && e.removal).length).toBeGreaterThanOrEqual(8);
  expect(rows.filter((e) => e.entity_type === 'Recommendation' && e.removal).length).toBeGreaterThanOrEqual(4);
  const guidelines = new Map(
    (
      (await app.dataSource.query(
        `SELECT g.id, g.status, ARRAY(SELECT party_id FROM guideline_owner o WHERE o.guideline_id = g.id) AS owners,
                ${PENDING_INVITEES('g.id')} AS invited
           FROM guideline g`,
      )) as { id: string; status: GuidelineStatus; owners: string[]; invited: string[] }[]
    ).map((g) => [g.id, g]),
  );
  const assessments = new Map(
    (
      (await app.dataSource.query('SELECT id, published, assessor_party_id FROM package_assessment')) as {
        id: string;
        published: boolean;
        assessor_party_id: string;
      }[]
    ).map((a) => [a.id, a]),
  );
  const consulted = await consultedBy(scope);
  // A link's entries belong to its sides (the guideline's owners, the assessor) while the viewer reads both
  // ends; a removed link's ends are those its DELETE entry records.
  const linkSides = (e: (typeof rows)[number]) => {
    if (e.entity_type !== 'SynergyLink') return [];
    const removed = e.removal && {
      guidelineId: recordedId(e.removal, 'guidelineId'),
      assessmentId: recordedId(e.removal, 'assessmentId'),
    };
    const ends = e.link ?? removed;
    const guideline = ends?.guidelineId ? guidelines.get(ends.guidelineId) : undefined;
    const assessment = ends?.assessmentId ? assessments.get(ends.assessmentId) : undefined;
    if (!guideline || !assessment) return [];
    const readable = mayReadLink(
      scope,
      guideline,
      guideline.owners,
      { published: assessment.published, assessorPartyId: assessment.assessor_party_id },
      { guideline: consulted.has(guideline.id), assessment: consulted.has(assessment.id) },
      guideline.invited,
    );
    return readable ? [...guideline.owners, assessment.assessor_party_id] : [];
  };
  // An invitation's entries also belong to the parties that read it (its guideline's owners, the invited one).
  const invitationReaders = (e: (typeof rows)[number]) =>
    e.invitation
      ? scope.partyIds.filter((id) =>
          mayReadOwnerInvitation({ all: false, partyIds: [id] }, e.invitation!.owners, e.invitation!),
        )
      : [];
  // A guideline's and its recommendations' to its owners (and an owner change's to those it took it from).
  const guidelineReaders = (e: (typeof rows)[number]) => {
    const guidelineId =
      e.entity_type === 'Guideline'
        ? e.entity_id
        : e.entity_type === 'Recommendation'
          ? (recordedGuidelineId(e.changes) ??
            e.recommendation_guideline ??
            (e.removal ? recordedGuidelineId(e.removal) : null))
          : null;
    const guideline = guidelineId ? guidelines.get(guidelineId) : undefined;
    return guideline
      ? guidelineEventPartiesAmong(scope.partyIds, guideline, guideline.owners, {
          entityType: e.entity_type,
          changes: e.changes,
        })
      : [];
  };
  return rows
    .filter((e) =>
      mayReadAuditEvent(scope, { ownerPartyId: e.owner_party_id, actingPartyId: e.acting_party_id }, [
        ...linkSides(e),
        ...invitationReaders(e),
        ...guidelineReaders(e),
      ]),
    )
    .map((e) => e.id);
}

it('gives the entries of guidelines and recommendations to the guideline’s owners and to those an owner change took a published one from', async () => {
  const read = async (name: string) => {
    const scope = scopes.find(([n]) => n === name)![1];
    const sql = `SELECT e.id FROM audit_event e
                  WHERE e.entity_type IN ('Guideline', 'Recommendation') AND e.owner_party_id IS NULL
                    AND ${AUDIT_EVENT_VISIBLE_SQL('e', '$1')}`;
    return (await visibleIds(sql, [scope.partyIds])).length;
  };
  // NHG owns the published guideline and the draft: their four entries, the existing recommendation's, the
  // removed ones' of the published guideline (the one its DELETE entry records, and the edit and removal of
  // another) and the created one's of the draft; FMS adds the owner change that took the other published
  // guideline from it.
  expect(await read('fms and nhg')).toBe(10);
  // FMS owns none of them: the owner changes that took a published guideline from it (not the draft's).
  expect(await read('fms')).toBe(2);
  expect(await read('zorginstituut')).toBe(0);
  expect(await read('nobody')).toBe(0);
});

it('gives the entries of a removed link to the sides its DELETE entry records, while they read both ends', async () => {
  const read = async (name: string) => {
    const scope = scopes.find(([n]) => n === name)![1];
    const sql = `SELECT e.id FROM audit_event e
                  WHERE e.entity_type = 'SynergyLink' AND e.owner_party_id IS NULL AND e.acting_party_id IS NULL
                    AND e.entity_id NOT IN (SELECT id FROM synergy_link) AND ${AUDIT_EVENT_VISIBLE_SQL('e', '$1')}`;
    return (await visibleIds(sql, [scope.partyIds])).length;
  };
  // NHG owns the guideline of the first and third: two entries each. The second's assessment is another
  // assessor's draft; the fourth records no guideline.
  expect(await read('fms and nhg')).toBe(4);
  // Zorginstituut assesses the first and third, but the third's guideline is NHG's draft.
  expect(await read('zorginstituut')).toBe(2);
  expect(await read('fms')).toBe(0);
  expect(await read('nobody')).toBe(0);
});

it.each([
  ['SynergyLink', 'guidelineId', 'IDX_audit_event_deleted_guideline'],
  ['SynergyLink', 'assessmentId', 'IDX_audit_event_deleted_link_assessment'],
  ['Recommendation', 'guidelineId', 'IDX_audit_event_deleted_guideline'],
])(
  'finds a removed %s by the %s its DELETE entry records through an index (no reading every removal)',
  async (type, field, index) => {
    // The audit rule finds a party's removals by RECORDED_UUID_SQL; an index on another expression is of no use
    // to it. The test data is small enough for any plan: sequential and bitmap reads are priced out (a bitmap of
    // the few entries of the type, IDX_audit_event_entity, costs as little here), and with fresh statistics an
    // index of all the type's removals is not taken for as narrow.
    const plan: string = await app.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      await manager.query('SET LOCAL enable_bitmapscan = off');
      await manager.query('ANALYZE audit_event');
      const rows: { 'QUERY PLAN': string }[] = await manager.query(
        `EXPLAIN SELECT d.id FROM audit_event d WHERE d.entity_type = $1 AND d.action = 'DELETE'
                  AND ${RECORDED_UUID_SQL('d', field)} = $2`,
        [type, crypto.randomUUID()],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(
      new RegExp(
        `(Index Scan using|Bitmap Index Scan on) "${index}"[^\\n]*\\n\\s*Index Cond: \\([^\\n]*jsonb_path_query_first`,
      ),
    );
  },
);

describe.each([
  [true, 'nobody'],
  [false, 'nobody'],
  [false, 'fms and nhg'],
  [false, 'zorginstituut'],
])('agenda versions for a viewer who reads the drafts: %s, member of %s', (drafts, name) => {
  it('are the same through AGENDA_VERSION_VISIBLE_SQL as through canReadAgendaVersion', async () => {
    const partyIds = scopes.find(([n]) => n === name)![1].partyIds;
    const rows: { id: string; status: string }[] = await app.dataSource.query(
      'SELECT id, status FROM research_agenda_version',
    );
    expect(new Set(rows.map((v) => isDraftAgendaVersion(v as never)))).toEqual(new Set([true, false]));
    // canReadAgendaVersion: not a draft, the agenda's drafts, or a live round on the version inviting the viewer.
    const consulted = await consultedBy({ all: false, partyIds });
    const expected = rows
      .filter((v) => !isDraftAgendaVersion(v as never) || drafts || consulted.has(v.id))
      .map((v) => v.id)
      .sort();
    const sql = `SELECT v.id FROM research_agenda_version v WHERE ${AGENDA_VERSION_VISIBLE_SQL('v', '$1', '$2')}`;
    expect(await visibleIds(sql, [drafts, partyIds])).toEqual(expected);
  });
});
