import { randomUUID } from 'node:crypto';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { mutate } from '../../fixtures/deliverables';
import { QuestionOriginGuideline1800002600000 } from '../../../server/db/migrations/1800002600000-QuestionOriginGuideline';
import { QuestionOriginGuidelineFromTheTrail1800002736000 } from '../../../server/db/migrations/1800002736000-QuestionOriginGuidelineFromTheTrail';

/**
 * A knowledge gap's question keeps its guideline when the recommendation is removed: readers of the
 * guideline see that it was removed, while to others a draft's recommendation stays as unknown as a
 * missing one.
 */
const FMS = 'fms.editor@example.org';
const PFN = 'pfn.contributor@example.org';
const VWS = 'vws.viewer@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

async function intervention(): Promise<string> {
  const [row] = await app.dataSource.query(
    `INSERT INTO intervention (key, name, synthetic) VALUES ($1, $1, true) RETURNING id`,
    [`test-${randomUUID().slice(0, 8)}`],
  );
  return toGlobalId('Intervention', row.id);
}

/** A guideline of FMS with one recommendation about the intervention, published when asked. */
async function recommendation(interventionId: string, publish: boolean) {
  const { createGuideline: g } = await mutate(
    app,
    FMS,
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
    { title: `Richtlijn ${randomUUID().slice(0, 6)}`, ownerPartyIds: [parties.fms], sectorIds: [sectors.msz] },
  );
  const { createRecommendation: r } = await mutate(
    app,
    FMS,
    `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id version } }`,
    { guidelineId: g.id, kind: 'DO', interventionId, text: 'Overweeg de behandeling.' },
  );
  if (publish) {
    const { guideline } = (
      await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: g.id }, await asUser(app, FMS))
    ).data!;
    await mutate(
      app,
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
      { id: g.id, version: guideline.version },
    );
  }
  return { guidelineId: g.id as string, recommendationId: r.id as string };
}

async function questionFrom(recommendationId: string, proposer: string): Promise<string> {
  const { proposeKnowledgeQuestion: q } = await mutate(
    app,
    proposer,
    `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`,
    {
      title: `Welke zorg werkt bij deze lacune? ${randomUUID().slice(0, 6)}`,
      sectorIds: [sectors.msz],
      origin: { kind: 'RECOMMENDATION_GAP', recommendationId },
    },
  );
  return q.id;
}

async function removeRecommendation(recommendationId: string): Promise<void> {
  const { node } = (
    await app.gql(
      `query($id: ID!) { node(id: $id) { ... on Recommendation { version } } }`,
      { id: recommendationId },
      await asUser(app, FMS),
    )
  ).data!;
  await mutate(
    app,
    FMS,
    `mutation($input: RemoveRecommendationInput!) { removeRecommendation(input: $input) { removedRecommendationId } }`,
    { id: recommendationId, version: node.version },
  );
}

const ORIGIN = `query($id: ID!) {
  knowledgeQuestion(id: $id) { origin { kind recommendation { id } guideline { id } recommendationRemoved } } }`;

async function originAs(questionId: string, email: string | null) {
  const res = await app.gql(ORIGIN, { id: questionId }, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!.knowledgeQuestion.origin;
}

describe('a question whose origin recommendation is removed', () => {
  it('shows VWS, the guideline’s owner and, for a published guideline, everyone the guideline and that the recommendation was removed', async () => {
    const { guidelineId, recommendationId } = await recommendation(await intervention(), true);
    const questionId = await questionFrom(recommendationId, PFN);
    expect(await originAs(questionId, null)).toEqual({
      kind: 'RECOMMENDATION_GAP',
      recommendation: { id: recommendationId },
      guideline: { id: guidelineId },
      recommendationRemoved: false,
    });
    await removeRecommendation(recommendationId);
    const removed = {
      kind: 'RECOMMENDATION_GAP',
      recommendation: null,
      guideline: { id: guidelineId },
      recommendationRemoved: true,
    };
    for (const viewer of [VWS, FMS, PFN, null]) expect(await originAs(questionId, viewer)).toEqual(removed);
  });

  it('of a draft guideline reads to an anonymous viewer exactly as a hidden one, and to VWS and the owner as removed', async () => {
    const { guidelineId, recommendationId } = await recommendation(await intervention(), false);
    const questionId = await questionFrom(recommendationId, FMS);
    const hidden = { kind: 'RECOMMENDATION_GAP', recommendation: null, guideline: null, recommendationRemoved: false };
    expect(await originAs(questionId, null)).toEqual(hidden);
    await removeRecommendation(recommendationId);
    expect(await originAs(questionId, null)).toEqual(hidden);
    expect(await originAs(questionId, PFN)).toEqual(hidden);
    for (const viewer of [VWS, FMS])
      expect(await originAs(questionId, viewer)).toEqual({
        kind: 'RECOMMENDATION_GAP',
        recommendation: null,
        guideline: { id: guidelineId },
        recommendationRemoved: true,
      });
  });

  it('costs the same number of statements in a list of 2 and of 6 such questions', async () => {
    const LIST = `query($i: ID!) { knowledgeQuestions(filter: { interventionId: $i }, first: 50) {
      nodes { origin { recommendationRemoved guideline { title } } } } }`;
    const counts: number[] = [];
    for (const n of [2, 6]) {
      const i = await intervention();
      for (let k = 0; k < n; k++) {
        const { recommendationId } = await recommendation(i, false);
        await questionFrom(recommendationId, FMS);
        await removeRecommendation(recommendationId);
      }
      const headers = await asUser(app, FMS);
      const { result, count } = await app.countQueries(() => app.gql(LIST, { i }, headers));
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.knowledgeQuestions.nodes as { origin: { recommendationRemoved: boolean } }[];
      expect(nodes.map((q) => q.origin.recommendationRemoved)).toEqual(Array(n).fill(true));
      counts.push(count);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe('the impact of a guideline whose recommendation raised a question', () => {
  const IMPACT = `query($id: ID!) { impact(id: $id) { entries { relation depth node { id } path { relation } } } }`;
  async function questionEntries(guidelineId: string, questionId: string) {
    const res = await app.gql(IMPACT, { id: guidelineId });
    expect(res.errors).toBeUndefined();
    return (res.data!.impact.entries as { node: { id: string } | null }[]).filter((e) => e.node?.id === questionId);
  }

  it('lists the question once through the recommendation, and once straight from the guideline after its removal', async () => {
    const { guidelineId, recommendationId } = await recommendation(await intervention(), true);
    const questionId = await questionFrom(recommendationId, PFN);
    expect(await questionEntries(guidelineId, questionId)).toEqual([
      {
        relation: 'QUESTION',
        depth: 2,
        node: { id: questionId },
        path: [{ relation: 'RECOMMENDATION' }, { relation: 'QUESTION' }],
      },
    ]);
    await removeRecommendation(recommendationId);
    expect(await questionEntries(guidelineId, questionId)).toEqual([
      { relation: 'QUESTION', depth: 1, node: { id: questionId }, path: [{ relation: 'QUESTION' }] },
    ]);
  });
});

describe('the CREATE entry of a question from a knowledge gap', () => {
  it('names its origin by the ids the API takes, not row ids', async () => {
    const { guidelineId, recommendationId } = await recommendation(await intervention(), true);
    const questionId = await questionFrom(recommendationId, PFN);
    const trail = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes { field after } } } }`,
      { id: questionId },
      await asUser(app, PFN),
    );
    expect(trail.errors).toBeUndefined();
    const created = trail.data!.auditEvents.nodes.find((n: { action: string }) => n.action === 'CREATE');
    const origin = created.changes.filter((c: { field: string }) => c.field.startsWith('origin'));
    expect(origin).toEqual([
      { field: 'originKind', after: 'RECOMMENDATION_GAP' },
      { field: 'originRecommendationId', after: recommendationId },
      { field: 'originGuidelineId', after: guidelineId },
    ]);
  });
});

describe('a seeded knowledge gap', () => {
  it('keeps its recommendation’s guideline', async () => {
    const [row] = await app.dataSource.query(`SELECT id FROM knowledge_question WHERE key = $1`, [
      'less-is-more-laag-risico-barrett',
    ]);
    const res = await app.gql(
      `query($id: ID!) { knowledgeQuestion(id: $id) { origin { recommendation { guideline { id } } guideline { id } } } }`,
      { id: toGlobalId('KnowledgeQuestion', row.id) },
    );
    expect(res.errors).toBeUndefined();
    const { origin } = res.data!.knowledgeQuestion;
    expect(origin.guideline).toEqual(origin.recommendation.guideline);
    expect(origin.guideline).toEqual({ id: expect.any(String) });
  });
});

describe('the migration QuestionOriginGuideline', () => {
  it('fills the guideline of questions whose recommendation is still there', async () => {
    const { guidelineId, recommendationId } = await recommendation(await intervention(), true);
    const questionId = await questionFrom(recommendationId, PFN);
    const migration = new QuestionOriginGuideline1800002600000();
    const runner = app.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect((await originAs(questionId, null)).guideline).toEqual({ id: guidelineId });
  });
});

describe('the migration QuestionOriginGuidelineFromTheTrail', () => {
  const rowId = (globalId: string) => fromGlobalId(globalId).id;
  async function run(step: 'up' | 'down') {
    const runner = app.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await new QuestionOriginGuidelineFromTheTrail1800002736000()[step](runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  }
  const guidelineOf = async (questionId: string) => (await originAs(questionId, FMS)).guideline;

  it('gives back, from the trail, the guideline of questions whose recommendation was removed before the column, and only those', async () => {
    // Proposed through the API: its CREATE entry names the recommendation as a flat field.
    const flat = await recommendation(await intervention(), true);
    const fromFlat = await questionFrom(flat.recommendationId, PFN);
    // Proposed before the origin was audited as flat fields: its CREATE entry holds one nested `origin` value.
    const nested = await recommendation(await intervention(), false);
    const [{ id: nestedRow }] = await app.dataSource.query(
      `INSERT INTO knowledge_question (key, title, proposed_by_party_id, origin_kind, origin_recommendation_id)
       VALUES ($1, 'Welke zorg werkt bij deze oude lacune?', $2, 'RECOMMENDATION_GAP', $3) RETURNING id`,
      [`test-${randomUUID().slice(0, 8)}`, rowId(parties.fms!), rowId(nested.recommendationId)],
    );
    await app.dataSource.query(
      `INSERT INTO audit_event (entity_type, entity_id, action, owner_party_id, acting_party_id, changes)
       VALUES ('KnowledgeQuestion', $1, 'CREATE', $2, $2, $3)`,
      [
        nestedRow,
        rowId(parties.fms!),
        JSON.stringify([
          { field: 'status', before: null, after: 'PROPOSED' },
          {
            field: 'origin',
            before: null,
            after: {
              originKind: 'RECOMMENDATION_GAP',
              originRecommendationId: rowId(nested.recommendationId),
              originAssessmentId: null,
              originTopicCallId: null,
              interventionId: null,
            },
          },
        ]),
      ],
    );
    const fromNested = toGlobalId('KnowledgeQuestion', nestedRow);
    // Removed after QuestionOriginGuideline: the question kept its guideline, which is not this migration's.
    const kept = await recommendation(await intervention(), true);
    const fromKept = await questionFrom(kept.recommendationId, PFN);
    for (const r of [flat, nested, kept]) await removeRecommendation(r.recommendationId);
    // Removed before QuestionOriginGuideline: the guideline was never filled.
    await app.dataSource.query(`UPDATE knowledge_question SET origin_guideline_id = NULL WHERE id = ANY($1)`, [
      [rowId(fromFlat), nestedRow],
    ]);
    expect(await guidelineOf(fromFlat)).toBeNull();
    expect(await guidelineOf(fromNested)).toBeNull();

    await run('up');
    expect(await originAs(fromFlat, FMS)).toEqual({
      kind: 'RECOMMENDATION_GAP',
      recommendation: null,
      guideline: { id: flat.guidelineId },
      recommendationRemoved: true,
    });
    expect(await guidelineOf(fromNested)).toEqual({ id: nested.guidelineId });
    expect(await guidelineOf(fromKept)).toEqual({ id: kept.guidelineId });
    // The trail says where the value came from, by global id.
    const trail = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes { field before after } } } }`,
      { id: fromFlat },
      await asUser(app, PFN),
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditEvents.nodes.filter((n: { action: string }) => n.action !== 'CREATE')).toEqual([
      {
        action: 'RESTORE_ORIGIN_GUIDELINE',
        changes: [{ field: 'originGuidelineId', before: null, after: flat.guidelineId }],
      },
    ]);

    await run('down');
    expect(await guidelineOf(fromFlat)).toBeNull();
    expect(await guidelineOf(fromNested)).toBeNull();
    expect(await guidelineOf(fromKept)).toEqual({ id: kept.guidelineId });
    // And again, as the migration tests revert and re-apply every migration.
    await run('up');
    expect(await guidelineOf(fromFlat)).toEqual({ id: flat.guidelineId });
    expect(await guidelineOf(fromNested)).toEqual({ id: nested.guidelineId });
  });
});
