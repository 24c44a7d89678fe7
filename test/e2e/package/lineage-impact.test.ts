import { randomUUID } from 'node:crypto';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { CREATE_DELIVERABLE, day, mutate, span } from '../../fixtures/deliverables';
import { synergyScenario } from '../events/scenario';

const ZIN = 'zin.editor@example.org';
const FMS = 'fms.editor@example.org';
const PFN = 'pfn.contributor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

async function intervention(name: string): Promise<string> {
  const [row] = await app.dataSource.query(
    `INSERT INTO intervention (key, name, synthetic) VALUES ($1, $2, true) RETURNING id`,
    [`test-${randomUUID().slice(0, 8)}`, name],
  );
  return toGlobalId('Intervention', row.id);
}

async function publishedRecommendation(interventionId: string, kind = 'DO') {
  const { createGuideline: g } = await mutate(
    app,
    FMS,
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
    { title: `Richtlijn ${randomUUID().slice(0, 6)}`, ownerPartyIds: [parties.fms], sectorIds: [sectors.msz] },
  );
  const { createRecommendation: r } = await mutate(
    app,
    FMS,
    `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
    { guidelineId: g.id, kind, interventionId, text: 'Overweeg de behandeling.', population: 'Volwassenen' },
  );
  const { guideline } = (
    await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: g.id }, await asUser(app, FMS))
  ).data!;
  await mutate(
    app,
    FMS,
    `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
    { id: g.id, version: guideline.version },
  );
  return { guidelineId: g.id as string, recommendationId: r.id as string };
}

async function assessment(interventionId: string, outcomeValue: string, published = true) {
  const { createPackageAssessment } = await mutate(
    app,
    ZIN,
    `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id key version } }`,
    {
      title: `Standpunt ${randomUUID().slice(0, 6)}`,
      kind: 'STANDPUNT',
      interventionId,
      outcome: outcomeValue,
      published,
    },
  );
  return createPackageAssessment as { id: string; key: string; version: number };
}

const PROPOSE = `mutation($input: ProposeKnowledgeQuestionInput!) {
  proposeKnowledgeQuestion(input: $input) { id origin { kind recommendation { id } assessment { id } } intervention { id } } }`;

describe('question lineage', () => {
  it('a question from a recommendation’s knowledge gap appears under that recommendation and its intervention', async () => {
    const i = await intervention('Fysiotherapie bij artrose (test)');
    const { recommendationId } = await publishedRecommendation(i);
    const { proposeKnowledgeQuestion: q } = await mutate(app, PFN, PROPOSE, {
      title: 'Wat is de effectiviteit van fysiotherapie bij artrose?',
      sectorIds: [sectors.msz],
      origin: { kind: 'RECOMMENDATION_GAP', recommendationId },
    });
    expect(q.origin).toEqual({
      kind: 'RECOMMENDATION_GAP',
      recommendation: { id: recommendationId },
      assessment: null,
    });
    expect(q.intervention).toEqual({ id: i });
    const res = await app.gql(
      `query($r: ID!, $i: ID!) {
        r: node(id: $r) { ... on Recommendation { questions { id } } }
        i: node(id: $i) { ... on Intervention { questions { id } recommendations { id } } }
      }`,
      { r: recommendationId, i },
    );
    expect(res.data!.r.questions).toEqual([{ id: q.id }]);
    expect(res.data!.i).toEqual({ questions: [{ id: q.id }], recommendations: [{ id: recommendationId }] });
  });

  it.each([
    ['an assessment origin without its assessment', { kind: 'ASSESSMENT' }, 'input.origin.assessmentId'],
    ['a free proposal naming a recommendation', { kind: 'FREE_PROPOSAL', recommendationId: 'rec' }, 'input.origin'],
    [
      'a recommendation of a draft guideline',
      { kind: 'RECOMMENDATION_GAP', recommendationId: 'draft' },
      'input.origin.recommendationId',
    ],
  ])('refuses %s', async (_case, origin: Record<string, string>, field) => {
    const i = await intervention('Herkomst (test)');
    if (origin.recommendationId) {
      const { createGuideline: g } = await mutate(
        app,
        FMS,
        `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
        { title: 'Conceptrichtlijn', ownerPartyIds: [parties.fms] },
      );
      const { createRecommendation: r } = await mutate(
        app,
        FMS,
        `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
        { guidelineId: g.id, kind: 'DO', interventionId: i, text: 'Concepttekst.' },
      );
      origin.recommendationId = r.id;
    }
    const res = await app.gql(
      PROPOSE,
      { input: { title: 'Een vraag met een herkomst die niet klopt', sectorIds: [sectors.msz], origin } },
      await asUser(app, PFN),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

/** Zorginstituut opens a call for the district nursing agenda, inviting patient organisations, for an hour. */
async function openCall(title: string): Promise<{ id: string }> {
  const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  const { openTopicCall } = await mutate(
    app,
    ZIN,
    `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
    {
      agendaId: agendas['onderzoeksagenda-wijkverpleging'],
      title,
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      invitedPartyKinds: ['PATIENT_ORGANISATION'],
    },
  );
  return openTopicCall;
}

describe('topic call origin', () => {
  it('a question first submitted to a topic call has that submission as its origin; a knowledge gap keeps its own', async () => {
    const call = await openCall('Uitvraag herkomst (test)');
    const SUBMIT = `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`;
    const ORIGIN = `query($id: ID!) { node(id: $id) { ... on KnowledgeQuestion { origin { kind topicCallSubmission { id } recommendation { id } } } } }`;
    const { proposeKnowledgeQuestion: free } = await mutate(app, PFN, PROPOSE, {
      title: 'Helpt een vaste wijkverpleegkundige tegen eenzaamheid?',
      sectorIds: [sectors.wijkverpleging],
    });
    const { submitToTopicCall: submission } = await mutate(app, PFN, SUBMIT, { callId: call.id, questionId: free.id });
    expect((await app.gql(ORIGIN, { id: free.id }, await asUser(app, PFN))).data!.node.origin).toEqual({
      kind: 'TOPIC_CALL',
      topicCallSubmission: { id: submission.id },
      recommendation: null,
    });
    const i = await intervention('Wondzorg thuis (test)');
    const { recommendationId } = await publishedRecommendation(i);
    const { proposeKnowledgeQuestion: gap } = await mutate(app, PFN, PROPOSE, {
      title: 'Welke wondzorg thuis werkt het best bij ouderen?',
      sectorIds: [sectors.wijkverpleging],
      origin: { kind: 'RECOMMENDATION_GAP', recommendationId },
    });
    await mutate(app, PFN, SUBMIT, { callId: call.id, questionId: gap.id });
    expect((await app.gql(ORIGIN, { id: gap.id })).data!.node.origin).toEqual({
      kind: 'RECOMMENDATION_GAP',
      topicCallSubmission: null,
      recommendation: { id: recommendationId },
    });
    const direct = await app.gql(
      PROPOSE,
      {
        input: {
          title: 'Een vraag die zegt dat ze uit een uitvraag komt',
          sectorIds: [sectors.msz],
          origin: { kind: 'TOPIC_CALL' },
        },
      },
      await asUser(app, PFN),
    );
    expect(direct.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.origin.kind' });
  });
});

describe('topic call origin before placement', () => {
  it('shows the submission as origin only to those who may read it; to others the question stays a free proposal until the coordinator places it', async () => {
    const call = await openCall('Uitvraag verborgen herkomst (test)');
    const { proposeKnowledgeQuestion: question } = await mutate(app, PFN, PROPOSE, {
      title: 'Helpt samen koken thuis tegen ondervoeding bij ouderen?',
      sectorIds: [sectors.wijkverpleging],
    });
    const { submitToTopicCall: submission } = await mutate(
      app,
      PFN,
      `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`,
      { callId: call.id, questionId: question.id },
    );
    const ORIGIN = `query($id: ID!) { node(id: $id) { ... on KnowledgeQuestion { origin { kind topicCallSubmission { id } } } } }`;
    const originAs = async (email: string | null) =>
      (await app.gql(ORIGIN, { id: question.id }, email ? await asUser(app, email) : undefined)).data!.node.origin;
    const shown = { kind: 'TOPIC_CALL', topicCallSubmission: { id: submission.id } };
    const hidden = { kind: 'FREE_PROPOSAL', topicCallSubmission: null };
    expect(await originAs(PFN)).toEqual(shown);
    expect(await originAs(ZIN)).toEqual(shown);
    expect(await originAs(null)).toEqual(hidden);
    expect(await originAs(FMS)).toEqual(hidden);

    // Nor does scoring tell another party that it was submitted: a party consulted on the version the call
    // feeds gets the same answer for it as for a question nobody submitted.
    const { node: fed } = (
      await app.gql(
        `query($id: ID!) { node(id: $id) { ... on TopicCall { agendaVersion { id } } } }`,
        { id: call.id },
        await asUser(app, ZIN),
      )
    ).data!;
    const partyIds = await idsByKey(app, 'Party', 'party');
    await mutate(
      app,
      ZIN,
      `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
      {
        targetId: fed.agendaVersion.id,
        question: 'Scoor de vragen.',
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        invitedPartyIds: [partyIds.zn, partyIds.patientenfederatie],
      },
    );
    const { proposeKnowledgeQuestion: unsubmitted } = await mutate(app, PFN, PROPOSE, {
      title: 'Helpt een maaltijdservice thuis tegen ondervoeding bij ouderen?',
      sectorIds: [sectors.wijkverpleging],
    });
    const [criterion] = Object.values(await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion'));
    const score = async (email: string, questionId: string) =>
      app.gql(
        `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { id } }`,
        {
          input: { agendaVersionId: fed.agendaVersion.id, scores: [{ questionId, criterionId: criterion, score: 3 }] },
        },
        await asUser(app, email),
      );
    const refusals = [];
    for (const q of [question.id, unsubmitted.id]) {
      const { errors } = await score('zn.contributor@example.org', q);
      refusals.push({ message: errors?.[0]?.message, extensions: errors?.[0]?.extensions });
    }
    expect(refusals[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scores.0.questionId' });
    expect(refusals[0]).toEqual(refusals[1]);
    expect((await score(PFN, question.id)).errors).toBeUndefined();

    await app.dataSource.query(
      `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second' WHERE id = $1`,
      [fromGlobalId(call.id).id],
    );
    await mutate(
      app,
      ZIN,
      `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`,
      { submissionId: submission.id },
    );
    expect(await originAs(null)).toEqual(shown);
    expect(await originAs(FMS)).toEqual(shown);
    // A submission deleted with its call leaves no origin to show, to anyone.
    await app.dataSource.query(`UPDATE knowledge_question SET origin_topic_call_id = NULL WHERE id = $1`, [
      fromGlobalId(question.id).id,
    ]);
    expect(await originAs(PFN)).toEqual(hidden);
  });
});

const IMPACT = `query($id: ID!) { impact(id: $id) {
  totalCount
  entries(first: 100) { depth relation conflictKind node { id } path { relation node { id } conflictKind } }
} }`;

describe('impact', () => {
  it('of an assessment lists its links, conflicts, the questions it raised and the deliverable it feeds, with paths, and leaves out what the viewer may not read', async () => {
    const i = await intervention('Leefstijlinterventie (test)');
    const a = await assessment(i, 'NOT_INSURED');
    const { recommendationId } = await publishedRecommendation(i, 'DO');
    const { linkRecommendationToAssessment: link } = await mutate(
      app,
      FMS,
      `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id } }`,
      { recommendationId, assessmentId: a.id, linkType: 'SHARED_EVIDENCE', alignment: 'DIVERGENT' },
    );
    const { proposeKnowledgeQuestion: q } = await mutate(app, PFN, PROPOSE, {
      title: 'Welke patiënten hebben baat bij de leefstijlinterventie?',
      sectorIds: [sectors.msz],
      origin: { kind: 'ASSESSMENT', assessmentId: a.id },
    });
    const { createDeliverable: feeds } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Standpunt uitgebracht (impact)',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(10), day(90)),
      outputs: [{ targetType: 'PACKAGE_ASSESSMENT', targetKey: a.key }],
    });
    const { createDeliverable: after } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Implementatie na standpunt (impact)',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(100), day(200)),
      dependsOnIds: [feeds.id],
    });
    // A draft re-assessment: Zorginstituut sees it among the dependants, others do not.
    await mutate(
      app,
      ZIN,
      `mutation($input: MoveAssessmentStageInput!) { moveAssessmentStage(input: $input) { version } }`,
      { id: a.id, version: a.version, stage: 'DECISION' },
    );
    const { reassessPackageAssessment: draft } = await mutate(
      app,
      ZIN,
      `mutation($input: ReassessPackageAssessmentInput!) { reassessPackageAssessment(input: $input) { id } }`,
      { id: a.id, version: a.version + 1, title: 'Herbeoordeling in concept' },
    );

    const anonymous = (await app.gql(IMPACT, { id: a.id })).data!.impact;
    const summary = (entries: any[]) =>
      entries.map((e) => [e.depth, e.relation, e.node?.id ?? e.conflictKind, e.path.map((p: any) => p.relation)]);
    expect(summary(anonymous.entries)).toEqual(
      expect.arrayContaining([
        [1, 'LINK', link.id, ['LINK']],
        [1, 'CONFLICT', 'RECOMMENDED_BUT_NOT_INSURED', ['CONFLICT']],
        [1, 'QUESTION', q.id, ['QUESTION']],
        [1, 'DELIVERABLE', feeds.id, ['DELIVERABLE']],
        [2, 'DEPENDENT_DELIVERABLE', after.id, ['DELIVERABLE', 'DEPENDENT_DELIVERABLE']],
      ]),
    );
    expect(anonymous.entries.find((e: any) => e.path.at(-1).node?.id === after.id).path[0].node).toEqual({
      id: feeds.id,
    });
    expect(anonymous.entries.map((e: any) => e.node?.id)).not.toContain(draft.id);
    const assessor = (await app.gql(IMPACT, { id: a.id }, await asUser(app, ZIN))).data!.impact;
    expect(summary(assessor.entries)).toEqual(
      expect.arrayContaining([[1, 'REASSESSMENT', draft.id, ['REASSESSMENT']]]),
    );
    expect(assessor.totalCount).toBe(anonymous.totalCount + 1);
    // The draft itself is no root for those who may not read it.
    expect((await app.gql(IMPACT, { id: draft.id })).data!.impact).toBeNull();
  });

  it('costs the same number of statements for 5 and for 50 dependants', async () => {
    const count = async (dependants: number) => {
      const i = await intervention(`Telling ${dependants} (test)`);
      const a = await assessment(i, 'INSURED_WITH_CONDITIONS');
      const assessmentId = fromGlobalId(a.id).id;
      await app.dataSource.query(
        `INSERT INTO assessment_condition (key, assessment_id, text, synthetic)
         SELECT 'test-' || gen_random_uuid(), $1, 'Voorwaarde ' || n, true FROM generate_series(1, $2) n`,
        [assessmentId, dependants],
      );
      await app.dataSource.query(
        `INSERT INTO knowledge_question (key, title, origin_kind, origin_assessment_id, intervention_id, synthetic)
         SELECT 'test-' || gen_random_uuid(), 'Vraag ' || n || ' over de voorwaarden', 'ASSESSMENT', $1, $3, true
           FROM generate_series(1, $2) n`,
        [assessmentId, dependants, fromGlobalId(i).id],
      );
      const { result, count: statements } = await app.countQueries(() => app.gql(IMPACT, { id: i }));
      expect(result.errors).toBeUndefined();
      // From the intervention: its assessment, the conditions of that, and the questions about the
      // intervention (which the assessment also raised: each counted once).
      expect(result.data!.impact.totalCount).toBe(1 + 2 * dependants);
      return statements;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
  });
});

describe('impact(depth:)', () => {
  it.each([0, -5, 4])('refuses a depth of %i with BAD_USER_INPUT on depth', async (depth) => {
    const i = await intervention(`Diepte ${depth} (test)`);
    const a = await assessment(i, 'INSURED');
    const res = await app.gql(
      `query($id: ID!, $depth: Int) { impact(id: $id, depth: $depth) { totalCount } }`,
      { id: a.id, depth },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message])).toEqual([
      ['BAD_USER_INPUT', 'depth', '"depth" must be from 1 to 3.'],
    ]);
  });
});

describe('the impact of a guideline with its review ahead', () => {
  it('lists no review conflict before the review date, one after it', async () => {
    const s = synergyScenario(app);
    await s.init();
    const guideline = await s.guideline();
    const version = (
      await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guideline.id }, await asUser(app, FMS))
    ).data!.guideline.version;
    await mutate(
      app,
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { id } }`,
      { id: guideline.id, version, reviewDueOn: '2035-01-01' },
    );
    const kinds = async () =>
      (await app.gql(IMPACT, { id: guideline.id }, await asUser(app, FMS)))
        .data!.impact.entries.filter((e: any) => e.relation === 'CONFLICT')
        .map((e: any) => e.conflictKind);
    expect(await kinds()).toEqual([]);
    await app.dataSource.query(`UPDATE guideline SET review_due_on = '2020-01-01' WHERE id = $1`, [
      fromGlobalId(guideline.id).id,
    ]);
    expect(await kinds()).toEqual(['GUIDELINE_REVIEW_OVERDUE']);
  });
});

describe('the impact of a guideline on the bound day', () => {
  it('counts the review date against today() as the server has it, not the database clock', async () => {
    const s = synergyScenario(app);
    await s.init();
    const guideline = await s.guideline();
    const version = (
      await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guideline.id }, await asUser(app, FMS))
    ).data!.guideline.version;
    await mutate(
      app,
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { id } }`,
      { id: guideline.id, version, reviewDueOn: day(10) },
    );
    const headers = await asUser(app, FMS);
    const kinds = async () =>
      (await app.gql(IMPACT, { id: guideline.id }, headers))
        .data!.impact.entries.filter((e: any) => e.relation === 'CONFLICT')
        .map((e: any) => e.conflictKind);
    const listed = async () =>
      (
        await app.gql(`query($id: ID!) { guideline(id: $id) { conflicts { kind } } }`, { id: guideline.id }, headers)
      ).data!.guideline.conflicts.map((n: any) => n.kind);
    expect(await kinds()).toEqual([]);
    expect(await listed()).toEqual([]);
    // Thirty days on for the server, while the database's clock stays where it is.
    const real = Date.now();
    const later = jest.spyOn(Date, 'now').mockReturnValue(real + 30 * 86_400_000);
    try {
      // The guideline's own conflicts (asOf defaults to the bound day) and its impact agree.
      expect(await listed()).toEqual(['GUIDELINE_REVIEW_OVERDUE']);
      expect(await kinds()).toEqual(['GUIDELINE_REVIEW_OVERDUE']);
    } finally {
      later.mockRestore();
    }
    expect(await kinds()).toEqual([]);
  });
});

describe('an intervention’s recommendations and assessments', () => {
  it('hold no place for a draft the reader may not see, on any page size', async () => {
    const s = synergyScenario(app);
    await s.init();
    const intervention = await s.intervention('Zorgvorm met een concept');
    // A draft guideline of NHG recommends it first, then FMS's published guideline; a draft assessment too.
    const draft = await s.guideline('nhg.editor@example.org', 'nhg');
    await s.recommendation(draft.id, 'DO', intervention, 'nhg.editor@example.org');
    const published = await s.guideline();
    const visible = await s.recommendation(published.id, 'DO', intervention);
    await s.publishGuideline(published.id);
    await s.assessment('INSURED', intervention, false);
    const shown = await s.assessment('INSURED', intervention, true);
    const read = async (first: number) =>
      (
        await app.gql(
          `query($id: ID!, $n: Int) { node(id: $id) { ... on Intervention { recommendations(first: $n) { id } assessments(first: $n) { id } } } }`,
          { id: intervention, n: first },
        )
      ).data!.node;
    expect(await read(1)).toEqual({ recommendations: [{ id: visible }], assessments: [{ id: shown.id }] });
    expect(await read(2)).toEqual(await read(1));
  });
});
