import { toGlobalId } from 'graphql-relay';
import type { GraphQLResponse, TestApp } from '../../helpers/app';
import { createAttackApp, stillAnswers as stillAnswersOf } from '../../helpers/attack-app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, span, day } from '../../fixtures/deliverables';

/**
 * Hostile input on the feature operations (research agendas, synergy, deliverables): hostile strings in
 * every filter and search argument, invalid input on every feature mutation. The generic attacks (limits,
 * bodies, tokens, rate limits, faults) are in hardening.test.ts; other parties' records in
 * foreign-records.test.ts.
 */

let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  ({ app, parties, sectors } = await createAttackApp());
});
afterAll(() => app.close());

const as = (email: string | null) => asUser(app, email);
const stillAnswers = () => stillAnswersOf(app);

/** Data, or BAD_USER_INPUT naming the field; never a 500 or a masked error. */
function expectDataOrBadInput(res: GraphQLResponse) {
  expect([200, 400]).toContain(res.status);
  const errors = (res.errors ?? []).map((e) => `${String(e.extensions?.code)} naming ${typeof e.extensions?.field}`);
  expect(errors.filter((e) => e !== 'BAD_USER_INPUT naming string')).toEqual([]);
  expect(errors.length > 0 || Boolean(res.data)).toBe(true);
}

const TABLES = [
  'party',
  'intervention',
  'knowledge_question',
  'research_agenda',
  'guideline',
  'package_assessment',
  'synergy_link',
  'deliverable',
  'audit_event',
];

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row.n;
  }
  return counts;
}

const HOSTILE: [string, string][] = [
  ['a SQL quote', `' OR '1'='1`],
  ['a statement break', `'); DROP TABLE party; --`],
  ['LIKE wildcard %', '%'],
  ['LIKE wildcard _', '_'],
  ['a backslash', '\\'],
  ['mixed wildcards and escapes', '%\\_%\\\\%'],
  ['a NUL character', 'ggz\u0000zorg'],
  ['a lone surrogate', 'ggz\ud800zorg'],
  ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['a tsquery operator soup', `!(a & | b) <-> :* ''`],
  ['a regex soup', '.*(a+)+$[^]{999}'],
  ['emoji and combining marks', 'zorg🙂\u0301\u200b'],
  ['a very long string', 'zorg '.repeat(4000)],
];

/** Every free-text and id filter of every list query of the features, with where its value goes. */
const TARGETS: [string, string, (value: string) => Record<string, unknown>][] = [
  [
    'parties.search',
    'query($f: PartyFilter) { parties(first: 5, filter: $f) { totalCount nodes { id } } }',
    (v) => ({ f: { search: v } }),
  ],
  [
    'parties.sectorId',
    'query($f: PartyFilter) { parties(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { sectorId: v } }),
  ],
  [
    'interventions.search',
    'query($f: InterventionFilter) { interventions(first: 5, filter: $f) { totalCount nodes { id } } }',
    (v) => ({ f: { search: v } }),
  ],
  [
    'knowledgeQuestions.search',
    'query($f: KnowledgeQuestionFilter) { knowledgeQuestions(first: 5, filter: $f) { totalCount nodes { id } } }',
    (v) => ({ f: { search: v } }),
  ],
  [
    'knowledgeQuestions.sectorIds',
    'query($f: KnowledgeQuestionFilter) { knowledgeQuestions(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { sectorIds: [v] } }),
  ],
  [
    'knowledgeQuestions.proposedByPartyId',
    'query($f: KnowledgeQuestionFilter) { knowledgeQuestions(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { proposedByPartyId: v } }),
  ],
  [
    'similarQuestions.text',
    'query($i: SimilarQuestionsInput!) { similarQuestions(input: $i) { score question { id } } }',
    (v) => ({ i: { text: v } }),
  ],
  [
    'similarQuestions.questionId',
    'query($i: SimilarQuestionsInput!) { similarQuestions(input: $i) { score } }',
    (v) => ({ i: { questionId: v } }),
  ],
  [
    'researchAgendas.sectorId',
    'query($f: ResearchAgendaFilter) { researchAgendas(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { sectorId: v } }),
  ],
  [
    'researchProjects.programmeKey',
    'query($f: ResearchProjectFilter) { researchProjects(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { programmeKey: v } }),
  ],
  [
    'guidelines.search',
    'query($f: GuidelineFilter) { guidelines(first: 5, filter: $f) { totalCount nodes { id } } }',
    (v) => ({ f: { search: v } }),
  ],
  [
    'guidelines.ownerPartyId',
    'query($f: GuidelineFilter) { guidelines(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { ownerPartyId: v } }),
  ],
  [
    'packageAssessments.search',
    'query($f: PackageAssessmentFilter) { packageAssessments(first: 5, filter: $f) { totalCount nodes { id } } }',
    (v) => ({ f: { search: v } }),
  ],
  [
    'packageAssessments.interventionId',
    'query($f: PackageAssessmentFilter) { packageAssessments(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { interventionId: v } }),
  ],
  [
    'synergyLinks.partyId',
    'query($f: SynergyLinkFilter) { synergyLinks(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { partyId: v } }),
  ],
  [
    'synergyLinks.guidelineId',
    'query($f: SynergyLinkFilter) { synergyLinks(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { guidelineId: v } }),
  ],
  [
    'synergyConflicts.partyId',
    'query($f: SynergyConflictFilter) { synergyConflicts(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { partyId: v } }),
  ],
  [
    'synergyConflicts.sectorId',
    'query($f: SynergyConflictFilter) { synergyConflicts(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { sectorId: v } }),
  ],
  ['synergyOverview(sectorId)', 'query($s: ID) { synergyOverview(sectorId: $s) { __typename } }', (v) => ({ s: v })],
  [
    'deliverables.ownerPartyId',
    'query($f: DeliverableFilter) { deliverables(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { ownerPartyId: v } }),
  ],
  [
    'deliverables.programmeId',
    'query($f: DeliverableFilter) { deliverables(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { programmeId: v } }),
  ],
  [
    'deliverables.workstreamId',
    'query($f: DeliverableFilter) { deliverables(first: 5, filter: $f) { totalCount } }',
    (v) => ({ f: { workstreamId: v } }),
  ],
  [
    'milestoneTimeline.partyId',
    'query($f: MilestoneTimelineFilter) { milestoneTimeline(filter: $f) { __typename } }',
    (v) => ({ f: { partyId: v } }),
  ],
  ['parseDutchDate(label)', 'query($l: String!) { parseDutchDate(label: $l) { earliest latest } }', (v) => ({ l: v })],
  [
    'researchAgendas(after)',
    'query($a: String) { researchAgendas(first: 5, after: $a) { totalCount } }',
    (v) => ({ a: v }),
  ],
  ['guidelines(after)', 'query($a: String) { guidelines(first: 5, after: $a) { totalCount } }', (v) => ({ a: v })],
  ['deliverables(after)', 'query($a: String) { deliverables(first: 5, after: $a) { totalCount } }', (v) => ({ a: v })],
  [
    'knowledgeQuestions(after)',
    'query($a: String) { knowledgeQuestions(first: 5, after: $a) { totalCount } }',
    (v) => ({ a: v }),
  ],
  ['node(id)', 'query($id: ID!) { node(id: $id) { id } }', (v) => ({ id: v })],
  ['guideline(id)', 'query($id: ID!) { guideline(id: $id) { id } }', (v) => ({ id: v })],
];

const CASES = TARGETS.flatMap(([target, query, vars]) =>
  HOSTILE.map(([what, value]) => [target, what, query, vars(value)] as const),
);

describe('hostile strings in every filter and search argument', () => {
  let before: Record<string, number>;
  beforeAll(async () => {
    before = await tableCounts();
  });

  it.each(CASES)('%s with %s answers data or BAD_USER_INPUT', async (_target, _what, query, variables) => {
    expectDataOrBadInput(await app.gql(query, variables));
  });

  it.each<[string, string]>([
    ['a cursor of the wrong shape', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    [
      'a cursor with an injected value',
      Buffer.from(JSON.stringify(["x' OR 1=1 --", 'not-a-uuid'])).toString('base64url'),
    ],
    ['a cursor with objects', Buffer.from(JSON.stringify([{ $gt: '' }, [1, 2]])).toString('base64url')],
    ['a cursor of numbers', Buffer.from(JSON.stringify([1e308, -1])).toString('base64url')],
  ])('a forged cursor (%s) is BAD_USER_INPUT on every feature list', async (_what, cursor) => {
    for (const list of [
      'researchAgendas',
      'knowledgeQuestions',
      'guidelines',
      'packageAssessments',
      'synergyLinks',
      'deliverables',
    ]) {
      const res = await app.gql(`query($a: String) { ${list}(first: 5, after: $a) { totalCount } }`, { a: cursor });
      expectDataOrBadInput(res);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it.each<[string, string[]]>([
    ['a deliverable id that is no uuid', ['2025-01-01', '2025-01-01', 'x', 'not-a-uuid', '']],
    ['a milestone id that is no uuid', ['2025-01-01', '2025-01-01', 'x', '00000000-0000-4000-8000-000000000001', 'x']],
    ['a day that is no day', ['x', '2025-01-01', 'x', '00000000-0000-4000-8000-000000000001', '']],
    ['a day that does not exist', ['2025-02-30', '2025-01-01', 'x', '00000000-0000-4000-8000-000000000001', '']],
    ['a month that does not exist', ['2025-13-45', '2025-01-01', 'x', '00000000-0000-4000-8000-000000000001', '']],
  ])('a forged timeline cursor (%s) is BAD_USER_INPUT', async (_what, values) => {
    const res = await app.gql(`query($a: String) { milestoneTimeline(first: 5, after: $a) { totalCount } }`, {
      a: Buffer.from(JSON.stringify(values)).toString('base64url'),
    });
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
  });

  it('matches wildcards literally: % and _ find no more than a plain word does', async () => {
    for (const list of ['parties', 'interventions', 'guidelines', 'packageAssessments', 'knowledgeQuestions']) {
      const all = await app.gql(`{ ${list}(first: 1) { totalCount } }`);
      // The seed holds several records of each list, so a wildcard that leaked into LIKE would show.
      const total = all.data![list].totalCount as number;
      expect(total).toBeGreaterThan(1);
      for (const value of ['%', '_', '%%', '\\%']) {
        const res = await app.gql(`query($s: String) { ${list}(first: 1, filter: { search: $s }) { totalCount } }`, {
          s: value,
        });
        expect(res.errors).toBeUndefined();
        expect(res.data![list].totalCount).toBeLessThan(total);
      }
    }
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'a long date label',
      'query($l: String!) { parseDutchDate(label: $l) { earliest } }',
      { l: 'medio '.repeat(50) },
      'label',
    ],
    [
      'a NUL inside a list variable',
      'query($f: KnowledgeQuestionFilter) { knowledgeQuestions(filter: $f) { totalCount } }',
      { f: { sectorIds: ['a', 'b\u0000'] } },
      'f.sectorIds.1',
    ],
    [
      'a page size over the maximum',
      'query($n: Int) { deliverables(first: $n) { totalCount } }',
      { n: 10_000 },
      'first',
    ],
    ['a page size that is not an Int', 'query($n: Int) { guidelines(first: $n) { totalCount } }', { n: 'all' }, 'n'],
    [
      'a status that is not an enum value',
      'query($f: KnowledgeQuestionFilter) { knowledgeQuestions(filter: $f) { totalCount } }',
      { f: { status: ['OPEN; DROP'] } },
      'f.status.0',
    ],
    [
      'a date that is not a date',
      'query($f: DeliverableFilter) { deliverables(filter: $f) { totalCount } }',
      { f: { dueBefore: "2026-13-01' --" } },
      'f.dueBefore',
    ],
    [
      'a minScore out of range',
      'query($i: SimilarQuestionsInput!) { similarQuestions(input: $i) { score } }',
      { i: { text: 'zorg', minScore: 7 } },
      'input.minScore',
    ],
    [
      'too many sector ids',
      'query($f: KnowledgeQuestionFilter) { knowledgeQuestions(filter: $f) { totalCount } }',
      { f: { sectorIds: Array(21).fill('x') } },
      'filter.sectorIds',
    ],
  ])('%s is BAD_USER_INPUT naming its field', async (_case, query, variables, field) => {
    const res = await app.gql(query, variables);
    expect([200, 400]).toContain(res.status);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });

  it('left every table as it was, and the server answers', async () => {
    expect(await tableCounts()).toEqual(before);
    await stillAnswers();
  });
});

describe('a global id whose type is a property every object has', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'finds nothing for %s, through node(id:) and impact(id:), without an error',
    async (type) => {
      const id = Buffer.from(`${type}:00000000-0000-4000-8000-000000000001`).toString('base64');
      const res = await app.gql(`query($id: ID!) { node(id: $id) { id } impact(id: $id) { totalCount } }`, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ node: null, impact: null });
    },
  );
});

describe('an alias named __proto__', () => {
  it('is answered as a field of its own, at the root and nested, not as an object\u2019s prototype', async () => {
    const res = await app.gql('{ __proto__: sectors { __proto__: key } }');
    expect(res.errors).toBeUndefined();
    const data = res.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['__proto__']);
    const sectors = Object.getOwnPropertyDescriptor(data, '__proto__')!.value as Record<string, unknown>[];
    expect(sectors.length).toBeGreaterThan(0);
    expect(sectors.map((s) => Object.keys(s))).toEqual(sectors.map(() => ['__proto__']));
  });
});

describe('invalid input on feature mutations names its field', () => {
  const PROPOSE = `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`;
  const CREATE_AGENDA = `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id } }`;
  const CREATE_GUIDELINE = `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`;
  const UPSERT = `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { created } }`;
  const SCORE = `mutation($input: ScoreKnowledgeQuestionInput!) { scoreKnowledgeQuestion(input: $input) { id } }`;
  const REORDER = `mutation($input: ReorderAgendaItemsInput!) { reorderAgendaItems(input: $input) { number } }`;
  const someId = () => toGlobalId('KnowledgeQuestion', '00000000-0000-4000-8000-000000000000');

  it.each<[string, string, string, () => Record<string, unknown>, string]>([
    [
      'a question title too short',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'kort', sectorIds: [sectors.ggz] }),
      'input.title',
    ],
    [
      'a question title padded with spaces to its minimum length',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: '          x?', sectorIds: [sectors.ggz] }),
      'input.title',
    ],
    [
      'a question title of zero-width spaces',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: '\u200b'.repeat(12), sectorIds: [sectors.ggz] }),
      'input.title',
    ],
    [
      'an agenda title of combining marks only',
      'zin.editor@example.org',
      CREATE_AGENDA,
      () => ({ title: '\u0301\u0301\u0301\u0301', kind: 'CROSS_SECTOR' }),
      'input.title',
    ],
    [
      'a question title too long',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'x'.repeat(501), sectorIds: [sectors.ggz] }),
      'input.title',
    ],
    [
      'a question without sectors',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'Werkt behandeling X bij Y?', sectorIds: [] }),
      'input.sectorIds',
    ],
    [
      'a question with 13 sectors',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'Werkt behandeling X bij Y?', sectorIds: Array(13).fill(sectors.ggz) }),
      'input.sectorIds',
    ],
    [
      'a question with a party id as sector',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'Werkt behandeling X bij Y?', sectorIds: [parties.fms] }),
      'input.sectorIds.0',
    ],
    [
      'a question with an unknown enum',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'Werkt behandeling X bij Y?', sectorIds: [sectors.ggz], direction: 'SIDEWAYS' }),
      'input.direction',
    ],
    [
      'a question title of the wrong type',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 42, sectorIds: [sectors.ggz] }),
      'input.title',
    ],
    [
      'a question without a title',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ sectorIds: [sectors.ggz] }),
      'input.title',
    ],
    [
      'an unknown field',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'Werkt behandeling X bij Y?', sectorIds: [sectors.ggz], drop: 1 }),
      'input.drop',
    ],
    [
      'an agenda period of a bad date',
      'zin.editor@example.org',
      CREATE_AGENDA,
      () => ({
        title: 'Agenda',
        kind: 'CROSS_SECTOR',
        period: { earliest: '2026-02-30', latest: '2026-12-31', precision: 'YEAR' },
      }),
      'input.period.earliest',
    ],
    [
      'an agenda period label too long',
      'zin.editor@example.org',
      CREATE_AGENDA,
      () => ({
        title: 'Agenda',
        kind: 'CROSS_SECTOR',
        period: { label: 'x'.repeat(201), earliest: '2026-01-01', latest: '2026-12-31', precision: 'YEAR' },
      }),
      'input.period.label',
    ],
    [
      'a guideline title too long',
      'fms.editor@example.org',
      CREATE_GUIDELINE,
      () => ({ title: 'x'.repeat(5000), ownerPartyIds: [parties.fms], sectorIds: [sectors.msz] }),
      'input.title',
    ],
    [
      'too many guideline links',
      'fms.editor@example.org',
      UPSERT,
      () => ({
        guidelineId: toGlobalId('Guideline', '00000000-0000-4000-8000-000000000000'),
        links: Array(501).fill({ assessmentId: someId(), linkType: 'SHARED_EVIDENCE' }),
      }),
      'input.links',
    ],
    [
      'a guideline link with version 0',
      'fms.editor@example.org',
      UPSERT,
      () => ({
        guidelineId: toGlobalId('Guideline', '00000000-0000-4000-8000-000000000000'),
        links: [{ assessmentId: someId(), linkType: 'SHARED_EVIDENCE', version: 0 }],
      }),
      'input.links.0.version',
    ],
    [
      'a score of 6',
      'zin.editor@example.org',
      SCORE,
      () => ({ questionId: someId(), version: 1, scores: [{ criterionId: someId(), score: 6 }] }),
      'input.scores.0.score',
    ],
    [
      'a reorder list of 1001',
      'zin.editor@example.org',
      REORDER,
      () => ({ agendaId: someId(), version: 1, questionIds: Array(1001).fill(someId()) }),
      'input.questionIds',
    ],
    [
      'a deliverable output key too long',
      'vws.editor@example.org',
      CREATE_DELIVERABLE,
      () => ({
        title: 'Opleverpunt',
        ownerPartyIds: [parties.zorginstituut],
        outputs: [{ targetType: 'GUIDELINE', targetKey: 'x'.repeat(1000) }],
      }),
      'input.outputs.0.targetKey',
    ],
    [
      'a deliverable due label too long',
      'vws.editor@example.org',
      CREATE_DELIVERABLE,
      () => ({
        title: 'Opleverpunt',
        ownerPartyIds: [parties.zorginstituut],
        due: { ...span(day(1), day(2)), label: 'x'.repeat(300) },
      }),
      'input.due.label',
    ],
    [
      'a lone high surrogate in a deliverable title',
      'vws.editor@example.org',
      CREATE_DELIVERABLE,
      () => ({ title: 'Opleverpunt \ud83d half', ownerPartyIds: [parties.zorginstituut] }),
      'input.title',
    ],
    [
      'a lone low surrogate in a question title',
      'pfn.contributor@example.org',
      PROPOSE,
      () => ({ title: 'Welke vraag \udfff is dit eigenlijk?', sectorIds: [sectors.ggz] }),
      'input.title',
    ],
  ])(
    '%s: BAD_USER_INPUT with extensions.field %s… and nothing written',
    async (_case, email, mutation, input, field) => {
      const before = await tableCounts();
      const res = await app.gql(mutation, { input: input() }, await as(email));
      expect(res.status).not.toBe(500);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe(field);
      expect(await tableCounts()).toEqual(before);
      await stillAnswers();
    },
  );
});
