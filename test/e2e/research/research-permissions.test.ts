import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';
import { outcome } from '../../helpers/outcome';

let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let agendas: Record<string, string>;
let questions: Record<string, string>;
let criteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  questions = await idsByKey(app, 'KnowledgeQuestion', 'knowledge_question');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
});
afterAll(() => app.close());

async function gqlAs(email: string | null, query: string, variables?: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

async function agendaVersion(key: string): Promise<number> {
  const [row] = await app.dataSource.query('SELECT version FROM research_agenda WHERE key = $1', [key]);
  return row.version;
}

async function questionVersion(key: string): Promise<number> {
  const [row] = await app.dataSource.query('SELECT version FROM knowledge_question WHERE key = $1', [key]);
  return row.version;
}

const PROPOSE = `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id proposedByParty { key } } }`;
const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number } }`;
const SCORE = `mutation($input: ScoreKnowledgeQuestionInput!) { scoreKnowledgeQuestion(input: $input) { priorityTotal scores { score criterion { key } scoredByParty { key } } } }`;

describe('proposing questions', () => {
  it.each([
    ['pfn.contributor@example.org', 'patientenfederatie', null],
    ['zn.contributor@example.org', 'zn', null],
    ['nvz.contributor@example.org', 'nvz', null],
    ['fms.viewer@example.org', 'fms', 'FORBIDDEN'],
    ['pfn.contributor@example.org', 'fms', 'FORBIDDEN'],
    [null, 'fms', 'UNAUTHENTICATED'],
  ])('%s proposing for %s → %s', async (email, partyKey, code) => {
    const res = await gqlAs(email, PROPOSE, {
      input: {
        title: `Voorstel van ${partyKey}: wat is de waarde van nazorg na ontslag?`,
        sectorIds: [sectors.wijkverpleging],
        proposedByPartyId: parties[partyKey],
      },
    });
    expect(outcome(res, (data) => data.proposeKnowledgeQuestion.proposedByParty.key)).toBe(code ?? partyKey);
  });

  it('proposes for the one party that may, and asks a member of several which one', async () => {
    const input = { title: 'Welke partij stelt deze vraag eigenlijk voor?', sectorIds: [sectors.msz] };
    const single = await gqlAs('multi@example.org', PROPOSE, { input });
    expect(single.data!.proposeKnowledgeQuestion.proposedByParty.key).toBe('nhg');
    await app.dataSource.query(
      `UPDATE membership SET role = 'CONTRIBUTOR' WHERE user_id = (SELECT id FROM "user" WHERE email = 'multi@example.org') AND role = 'VIEWER'`,
    );
    const several = await gqlAs('multi@example.org', PROPOSE, { input });
    expect(several.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.proposedByPartyId' });
  });

  it.each([
    [{ title: 'kort', sectorIds: ['x'] }, 'BAD_USER_INPUT'],
    [{ title: 'Een vraag zonder sectoren, mag dat?', sectorIds: [] }, 'BAD_USER_INPUT'],
  ])('refuses invalid input %j', async (input, code) => {
    const res = await gqlAs('pfn.contributor@example.org', PROPOSE, { input });
    expect(res.errors![0]!.extensions!.code).toBe(code);
  });
});

describe('coordinating agendas', () => {
  it.each([
    ['zin.editor@example.org', 'onderzoeksagenda-ggz', null],
    ['zegg.editor@example.org', 'onderzoeksagenda-msz', null],
    // docs/domain.md: Zorginstituut coordinates agendas of all sectors but msz, where ZE&GG coordinates.
    ['zin.editor@example.org', 'onderzoeksagenda-msz', 'FORBIDDEN'],
    ['zegg.editor@example.org', 'onderzoeksagenda-ggz', 'FORBIDDEN'],
    ['zin.contributor@example.org', 'onderzoeksagenda-ggz', 'FORBIDDEN'],
    ['fms.editor@example.org', 'onderzoeksagenda-msz', 'FORBIDDEN'],
    ['vws.editor@example.org', 'onderzoeksagenda-ggz', 'FORBIDDEN'],
    [null, 'onderzoeksagenda-ggz', 'UNAUTHENTICATED'],
  ])('%s adding to %s → %s', async (email, agendaKey, code) => {
    const question = await propose(app, 'pfn.contributor@example.org', {
      title: `Vraag voor ${agendaKey} door ${email}: helpt dit?`,
      sectorIds: [sectors.msz],
    });
    const res = await gqlAs(email, ADD, {
      input: { agendaId: agendas[agendaKey], version: await agendaVersion(agendaKey), questionId: question.id },
    });
    expect(outcome(res, (data) => data.addQuestionToAgenda.number > 0 && 'ADDED')).toBe(code ?? 'ADDED');
  });

  it('lets an association maintain and adopt its own knowledge agenda, and nobody else’s', async () => {
    const CREATE = `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id version coordinatorParty { key } } }`;
    const input = { title: 'Kennisagenda NHG', kind: 'ASSOCIATION_KNOWLEDGE_AGENDA', ownerPartyId: parties.nhg };
    const refused = await gqlAs('fms.editor@example.org', CREATE, { input });
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const created = await gqlAs('nhg.editor@example.org', CREATE, { input });
    expect(created.data!.createResearchAgenda.coordinatorParty.key).toBe('nhg');
    const { id, version } = created.data!.createResearchAgenda;
    const q = await propose(app, 'nhg.editor@example.org', {
      title: 'Is een jaarlijkse controle bij stabiele hypertensie nodig?',
      sectorIds: [sectors.huisartsenzorg],
    });
    expect(
      (await gqlAs('nhg.editor@example.org', ADD, { input: { agendaId: id, version, questionId: q.id } })).errors,
    ).toBeUndefined();
    const byFms = await gqlAs('fms.editor@example.org', ADD, {
      input: { agendaId: id, version: version + 1, questionId: q.id },
    });
    expect(byFms.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const submit = await gqlAs(
      'nhg.editor@example.org',
      `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`,
      { input: { agendaId: id, version: version + 1 } },
    );
    expect(submit.data!.submitResearchAgendaForConsultation.status).toBe('CONSULTATION');
  });

  it.each([
    ['zegg.editor@example.org', 'onderzoeksagenda-ggz', 'FORBIDDEN'],
    ['fms.editor@example.org', 'pakketagenda-2026-2028', 'FORBIDDEN'],
    ['zin.editor@example.org', 'pakketagenda-2026-2028', null],
  ])('%s submitting %s for consultation → %s', async (email, agendaKey, code) => {
    const res = await gqlAs(
      email,
      `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`,
      { input: { agendaId: agendas[agendaKey], version: await agendaVersion(agendaKey) } },
    );
    expect(outcome(res, (data) => data.submitResearchAgendaForConsultation.status)).toBe(code ?? 'CONSULTATION');
  });
});

describe('scoring, transitions and merges are for coordinators', () => {
  it('lets the coordinator of the question’s agenda (ZE&GG for msz) score it, and computes the total', async () => {
    const key = 'instroom-kwetsbare-ouderen-eerste-hulp';
    const res = await gqlAs('zegg.editor@example.org', SCORE, {
      input: {
        questionId: questions[key],
        version: await questionVersion(key),
        scores: [
          { criterionId: criteria['impact-patienten'], score: 4 },
          { criterionId: criteria['impact-arbeidsinzet'], score: 5, rationale: 'Minder drukte op de SEH' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.scoreKnowledgeQuestion.priorityTotal).toBe(9);
    expect(res.data!.scoreKnowledgeQuestion.scores.map((s: any) => s.scoredByParty.key)).toEqual(['zegg', 'zegg']);
    const ranked = await gqlAs(
      null,
      `{ knowledgeQuestions(first: 1, orderBy: PRIORITY) { nodes { key priorityTotal } } }`,
    );
    expect(ranked.data!.knowledgeQuestions.nodes[0]).toEqual({ key, priorityTotal: 9 });
    const outOfRange = await gqlAs('zegg.editor@example.org', SCORE, {
      input: {
        questionId: questions[key],
        version: await questionVersion(key),
        scores: [{ criterionId: criteria.haalbaarheid, score: 6 }],
      },
    });
    expect(outOfRange.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['zegg.editor@example.org', 'passende-meerzorg-wlz', 'FORBIDDEN'],
    ['pfn.contributor@example.org', 'passende-meerzorg-wlz', 'FORBIDDEN'],
    ['zonmw.editor@example.org', 'passende-meerzorg-wlz', 'FORBIDDEN'],
    ['zin.editor@example.org', 'passende-meerzorg-wlz', null],
  ])('%s prioritising %s → %s', async (email, key, code) => {
    const res = await gqlAs(
      email,
      `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { status } }`,
      { input: { questionId: questions[key], version: await questionVersion(key), status: 'PRIORITISED' } },
    );
    expect(outcome(res, (data) => data.transitionKnowledgeQuestion.status)).toBe(code ?? 'PRIORITISED');
  });

  it.each([['fms.editor@example.org'], ['zegg.editor@example.org']])('refuses a merge by %s', async (email) => {
    const key = 'methodologie-duurzaamheid';
    const res = await gqlAs(
      email,
      `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`,
      {
        input: {
          questionId: questions[key],
          version: await questionVersion(key),
          intoQuestionId: questions['methodologie-personeelsinzet'],
        },
      },
    );
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('research projects are for funders', () => {
  it.each([
    ['zonmw.editor@example.org', null],
    ['zin.editor@example.org', 'FORBIDDEN'],
    ['fms.editor@example.org', 'FORBIDDEN'],
  ])('%s registering a KPPZ project → %s', async (email, code) => {
    const res = await gqlAs(
      email,
      `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { funderParty { key } } }`,
      { input: { title: 'KPPZ gerichte ronde: proefproject', funderPartyId: parties.zonmw, programmeKey: 'kppz' } },
    );
    expect(outcome(res, (data) => data.createResearchProject.funderParty.key)).toBe(code ?? 'zonmw');
  });
});
