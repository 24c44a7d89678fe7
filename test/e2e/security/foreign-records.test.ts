import { toGlobalId } from 'graphql-relay';
import type { TestApp } from '../../helpers/app';
import { createAttackApp, stillAnswers as stillAnswersOf } from '../../helpers/attack-app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, mutate } from '../../fixtures/deliverables';

/**
 * Another party's records through the feature operations: its drafts stay unseen by every path, and
 * writes on its records are refused without changing anything. Hostile input is in hostile-input.test.ts.
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

describe('another party’s drafts', () => {
  const OUTSIDERS: [string, string | null][] = [
    ['anonymous', null],
    ['another party’s editor', 'nhg.editor@example.org'],
    ['a contributor of another party', 'pfn.contributor@example.org'],
  ];

  const drafts: Record<string, string> = {};

  beforeAll(async () => {
    const agenda = await mutate(
      app,
      'zin.editor@example.org',
      `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id latestVersion { id status } } }`,
      {
        title: 'Conceptagenda aanvalstest',
        kind: 'SECTOR_MULTIYEAR',
        sectorId: sectors.ggz,
        coordinatorPartyId: parties.zorginstituut,
      },
    );
    drafts.agenda = agenda.createResearchAgenda.id;
    drafts.agendaVersion = agenda.createResearchAgenda.latestVersion.id;
    expect(agenda.createResearchAgenda.latestVersion.status).toBe('DRAFT');
    const guideline = await mutate(
      app,
      'fms.editor@example.org',
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id status } }`,
      {
        title: 'Conceptrichtlijn aanvalstest',
        ownerPartyIds: [parties.fms],
        sectorIds: [sectors.msz],
      },
    );
    expect(guideline.createGuideline.status).toBe('IN_DEVELOPMENT');
    drafts.guideline = guideline.createGuideline.id;
    const [intervention] = await app.dataSource.query(
      `INSERT INTO intervention (key, name, synthetic) VALUES ($1, 'Aanvalstest-zorgvorm', true) RETURNING id`,
      [`attack-test-${Date.now()}`],
    );
    const assessment = await mutate(
      app,
      'zin.editor@example.org',
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id published } }`,
      {
        title: 'Concept-standpunt aanvalstest',
        kind: 'STANDPUNT',
        interventionId: toGlobalId('Intervention', intervention.id),
        sectorId: sectors.msz,
        outcome: 'INSURED',
        published: false,
      },
    );
    expect(assessment.createPackageAssessment.published).toBe(false);
    drafts.assessment = assessment.createPackageAssessment.id;
    const recommendation = await mutate(
      app,
      'fms.editor@example.org',
      `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
      { guidelineId: drafts.guideline, kind: 'DO', text: 'Concept-aanbeveling aanvalstest' },
    );
    drafts.recommendation = recommendation.createRecommendation.id;
    const question = await mutate(
      app,
      'pfn.contributor@example.org',
      `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`,
      { title: 'Staat deze vraag alleen op een conceptagenda?', sectorIds: [sectors.ggz] },
    );
    drafts.question = question.proposeKnowledgeQuestion.id;
    const added = await mutate(
      app,
      'zin.editor@example.org',
      `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { items { id question { id } } } }`,
      { agendaId: drafts.agenda, version: 1, questionId: drafts.question },
    );
    drafts.agendaItem = added.addQuestionToAgenda.items.find(
      (i: { question: { id: string } }) => i.question.id === drafts.question,
    ).id;
  });

  it.each(OUTSIDERS)(
    'a draft guideline’s recommendation and a draft version’s item are invisible to %s',
    async (_who, email) => {
      const res = await app.gql(
        `query($r: ID!, $i: ID!, $q: ID!) { recommendation(id: $r) { id } rec: node(id: $r) { id } item: node(id: $i) { id }
          knowledgeQuestion(id: $q) { id agendas { agendaVersion { id } } } }`,
        { r: drafts.recommendation, i: drafts.agendaItem, q: drafts.question },
        await as(email),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.recommendation).toBeNull();
      expect(res.data!.rec).toBeNull();
      expect(res.data!.item).toBeNull();
      // The question itself is public; its place on a draft agenda is not.
      expect(res.data!.knowledgeQuestion.agendas).toEqual([]);
    },
  );

  it.each(OUTSIDERS)('a draft agenda version is invisible to %s', async (_who, email) => {
    const res = await app.gql(
      `query($a: ID!, $v: ID!) { researchAgenda(id: $a) { latestVersion { id } versions { id } } node(id: $v) { id } }`,
      { a: drafts.agenda, v: drafts.agendaVersion },
      await as(email),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
    expect(res.data!.researchAgenda?.latestVersion ?? null).toBeNull();
    expect(res.data!.researchAgenda?.versions ?? []).toEqual([]);
  });

  it.each(OUTSIDERS)(
    'an IN_DEVELOPMENT guideline is invisible to %s in lists, by id and by node',
    async (_who, email) => {
      const res = await app.gql(
        `query($id: ID!) { guideline(id: $id) { id } node(id: $id) { id }
        guidelines(first: 100, filter: { search: "Conceptrichtlijn aanvalstest" }) { nodes { id } } }`,
        { id: drafts.guideline },
        await as(email),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.guideline).toBeNull();
      expect(res.data!.node).toBeNull();
      expect(res.data!.guidelines.nodes).toEqual([]);
    },
  );

  it.each(OUTSIDERS)(
    'an unpublished assessment is invisible to %s in lists, by id and by node',
    async (_who, email) => {
      const res = await app.gql(
        `query($id: ID!) { packageAssessment(id: $id) { id } node(id: $id) { id }
        packageAssessments(first: 100, filter: { search: "Concept-standpunt aanvalstest" }) { nodes { id } } }`,
        { id: drafts.assessment },
        await as(email),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.packageAssessment).toBeNull();
      expect(res.data!.node).toBeNull();
      expect(res.data!.packageAssessments.nodes).toEqual([]);
    },
  );

  it('the owners do see them (so the checks above can fail)', async () => {
    const fms = await app.gql(
      `query($id: ID!) { guideline(id: $id) { id } }`,
      { id: drafts.guideline },
      await as('fms.editor@example.org'),
    );
    expect(fms.data!.guideline.id).toBe(drafts.guideline);
    const zin = await app.gql(
      `query($a: ID!, $v: ID!) { packageAssessment(id: $a) { id } node(id: $v) { id } }`,
      { a: drafts.assessment, v: drafts.agendaVersion },
      await as('zin.editor@example.org'),
    );
    expect(zin.data!.packageAssessment.id).toBe(drafts.assessment);
    expect(zin.data!.node.id).toBe(drafts.agendaVersion);
    const placed = await app.gql(
      `query($r: ID!, $i: ID!, $q: ID!) { rec: node(id: $r) { id } item: node(id: $i) { id }
        knowledgeQuestion(id: $q) { agendas { agendaVersion { id } } } }`,
      { r: drafts.recommendation, i: drafts.agendaItem, q: drafts.question },
      await as('zin.editor@example.org'),
    );
    expect(placed.data!.item.id).toBe(drafts.agendaItem);
    expect(placed.data!.knowledgeQuestion.agendas).toEqual([{ agendaVersion: { id: drafts.agendaVersion } }]);
    const own = await app.gql(
      `query($r: ID!) { node(id: $r) { id } }`,
      { r: drafts.recommendation },
      await as('fms.editor@example.org'),
    );
    expect(own.data!.node.id).toBe(drafts.recommendation);
    await stillAnswers();
  });
});

describe('writes on another party’s records', () => {
  const rec: Record<string, { id: string; table: string }> = {};

  async function rowVersion(table: string, globalId: string): Promise<number> {
    const id = Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];
    const [row] = await app.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [id]);
    return row.version;
  }

  async function auditCount(): Promise<number> {
    const [row] = await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    return row.n;
  }

  beforeAll(async () => {
    const g = await mutate(
      app,
      'fms.editor@example.org',
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
      {
        title: 'FMS-richtlijn schrijftest',
        ownerPartyIds: [parties.fms],
        sectorIds: [sectors.msz],
      },
    );
    rec.guideline = { id: g.createGuideline.id, table: 'guideline' };
    const a = await mutate(
      app,
      'zin.editor@example.org',
      `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id } }`,
      {
        title: 'ZIN-agenda schrijftest',
        kind: 'SECTOR_MULTIYEAR',
        sectorId: sectors.ggz,
        coordinatorPartyId: parties.zorginstituut,
      },
    );
    rec.agenda = { id: a.createResearchAgenda.id, table: 'research_agenda' };
    const q = await mutate(
      app,
      'pfn.contributor@example.org',
      `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`,
      {
        title: 'Helpt schrijftest-behandeling bij aanvallers?',
        sectorIds: [sectors.ggz],
      },
    );
    rec.question = { id: q.proposeKnowledgeQuestion.id, table: 'knowledge_question' };
    const p = await mutate(
      app,
      'zonmw.editor@example.org',
      `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id } }`,
      {
        title: 'ZonMw-project schrijftest',
        funderPartyId: parties.zonmw,
      },
    );
    rec.project = { id: p.createResearchProject.id, table: 'research_project' };
    // A project ZE&GG funds (seeded): ZonMw's grant reaches every party, but a funder manages its own only.
    const [zegg] = await app.dataSource.query(
      `SELECT id FROM research_project WHERE key = 'less-is-more-evaluatie-barrett'`,
    );
    rec.zeggProject = { id: toGlobalId('ResearchProject', zegg.id), table: 'research_project' };
    const d = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Opleverpunt schrijftest',
      ownerPartyIds: [parties.zorginstituut],
    });
    rec.deliverable = { id: d.createDeliverable.id, table: 'deliverable' };
  });

  it.each<[string, string, string, string, () => Record<string, unknown>]>([
    [
      'NHG updates an FMS guideline',
      'guideline',
      'nhg.editor@example.org',
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id } }`,
      () => ({ id: rec.guideline!.id, version: 1, title: 'Overgenomen' }),
    ],
    [
      'NHG publishes an FMS guideline',
      'guideline',
      'nhg.editor@example.org',
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { id } }`,
      () => ({ id: rec.guideline!.id, version: 1 }),
    ],
    [
      'NHG upserts links from an FMS guideline',
      'guideline',
      'nhg.editor@example.org',
      `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { created } }`,
      () => ({ guidelineId: rec.guideline!.id, links: [] }),
    ],
    [
      'FMS adds a question to a ZIN agenda',
      'agenda',
      'fms.editor@example.org',
      `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`,
      () => ({ agendaId: rec.agenda!.id, version: 1, questionId: rec.question!.id }),
    ],
    [
      'FMS submits a ZIN agenda',
      'agenda',
      'fms.editor@example.org',
      `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { number } }`,
      () => ({ agendaId: rec.agenda!.id, version: 1 }),
    ],
    [
      'NHG moves a PFN question on',
      'question',
      'nhg.editor@example.org',
      `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { id } }`,
      () => ({ questionId: rec.question!.id, version: 1, status: 'REJECTED' }),
    ],
    [
      'FMS updates a ZonMw project',
      'project',
      'fms.editor@example.org',
      `mutation($input: UpdateResearchProjectInput!) { updateResearchProject(input: $input) { id } }`,
      () => ({ id: rec.project!.id, version: 1, status: 'CANCELLED' }),
    ],
    [
      'ZonMw cancels a project ZE&GG funds',
      'zeggProject',
      'zonmw.editor@example.org',
      `mutation($input: UpdateResearchProjectInput!) { updateResearchProject(input: $input) { id } }`,
      () => ({ id: rec.zeggProject!.id, version: 1, status: 'CANCELLED' }),
    ],
    [
      'ZonMw links a question to a project ZE&GG funds',
      'zeggProject',
      'zonmw.editor@example.org',
      `mutation($input: ProjectQuestionLinkInput!) { linkResearchProjectToQuestion(input: $input) { id } }`,
      () => ({ projectId: rec.zeggProject!.id, version: 1, questionId: rec.question!.id }),
    ],
    [
      'FMS changes a VWS deliverable',
      'deliverable',
      'fms.editor@example.org',
      `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { id } }`,
      () => ({ id: rec.deliverable!.id, version: 1, title: 'Overgenomen' }),
    ],
  ])('%s: refused, version and audit unchanged', async (_case, key, email, mutation, input) => {
    const { id, table } = rec[key]!;
    const version = await rowVersion(table, id);
    const audits = await auditCount();
    const res = await app.gql(mutation, { input: input() }, await as(email));
    // The FMS guideline is a draft NHG cannot read: NOT_FOUND, like a missing one; the others are readable.
    expect(res.errors?.[0]?.extensions?.code).toBe(key === 'guideline' ? 'NOT_FOUND' : 'FORBIDDEN');
    expect(res.data?.[Object.keys(res.data ?? {})[0] ?? ''] ?? null).toBeNull();
    expect(await rowVersion(table, id)).toBe(version);
    expect(await auditCount()).toBe(audits);
    await stillAnswers();
  });

  it('anonymous writes are UNAUTHENTICATED and change nothing', async () => {
    const audits = await auditCount();
    const res = await app.gql(`mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id } }`, {
      input: { id: rec.guideline!.id, version: 1, title: 'Anoniem' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await rowVersion('guideline', rec.guideline!.id)).toBe(1);
    expect(await auditCount()).toBe(audits);
    await stillAnswers();
  });
});
