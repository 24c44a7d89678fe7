import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { synergyScenario } from '../events/scenario';
import { untilWaiting } from '../../helpers/locks';

/**
 * A link batch holds its guideline's links to the assessments it names while it inserts a link, whose foreign
 * keys then refer to the assessment and the recommendation. A change of that assessment or recommendation locks
 * it, and then the confirmed links on it. Both should succeed: when the change's lock blocked the insert's
 * reference (FOR UPDATE against the foreign key's KEY SHARE), each held what the other waited for and one was
 * cut off as a deadlock (a retryable CONFLICT).
 */
let app: TestApp;
let s: ReturnType<typeof synergyScenario>;
beforeAll(async () => {
  app = await createTestApp();
  s = synergyScenario(app);
  await s.init();
});
afterAll(() => app.close());

const FMS = 'fms.editor@example.org';
const ZIN = 'zin.editor@example.org';

async function linkState(id: string) {
  const res = await app.gql(
    `query($id: ID!) { synergyLink(id: $id) { alignment confirmed } }`,
    { id },
    await asUser(app, ZIN),
  );
  return res.data!.synergyLink;
}

async function versionOf(id: string, type: string, email: string): Promise<number> {
  const res = await app.gql(
    `query($id: ID!) { node(id: $id) { ... on ${type} { version } } }`,
    { id },
    await asUser(app, email),
  );
  return res.data!.node.version;
}

type Scene = { guideline: string; recommendation: string; assessment: string };

/**
 * Each change with the row a session holds to stop it after its lock and before it locks the links (a row its
 * update refers to: the assessment's new sector, the recommendation's new intervention).
 */
const changes: [string, (x: Scene) => Promise<{ hold: [string, unknown[]]; run: () => Promise<GraphQLResponse> }>][] = [
  [
    'a new outcome of the assessment',
    async (x) => {
      const [{ id: sector }] = await app.dataSource.query(`SELECT id FROM sector WHERE key = 'ggz'`);
      const version = await versionOf(x.assessment, 'PackageAssessment', ZIN);
      return {
        hold: ['SELECT id FROM sector WHERE id = $1 FOR UPDATE', [sector]],
        run: async () =>
          app.gql(
            `mutation($input: UpdatePackageAssessmentInput!) { updatePackageAssessment(input: $input) { version } }`,
            { input: { id: x.assessment, version, outcome: 'NOT_INSURED', sectorId: s.ids.ggz } },
            await asUser(app, ZIN),
          ),
      };
    },
  ],
  [
    'a reworded recommendation',
    async (x) => {
      const intervention = await s.intervention('Zorg na een herformulering');
      const version = await versionOf(x.recommendation, 'Recommendation', FMS);
      return {
        hold: ['SELECT id FROM intervention WHERE id = $1 FOR UPDATE', [fromGlobalId(intervention).id]],
        run: async () =>
          app.gql(
            `mutation($input: UpdateRecommendationInput!) { updateRecommendation(input: $input) { version } }`,
            {
              input: {
                id: x.recommendation,
                version,
                text: 'Andere woorden voor dezelfde aanbeveling.',
                interventionId: intervention,
              },
            },
            await asUser(app, FMS),
          ),
      };
    },
  ],
];

describe('a link batch inserting a link while an end of it changes', () => {
  it.each(changes)('and %s both succeed, without a deadlock', async (_change, change) => {
    const intervention = await s.intervention('Zorg tijdens een linkbatch');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = (await s.assessment('INSURED', intervention, true)).id;
    const held = await s.link(recommendation, assessment);
    await s.confirm(held.id, 'GUIDELINE_OWNER');
    await s.confirm(held.id, 'ASSESSOR');
    const { hold, run } = await change({ guideline: guideline.id, recommendation, assessment });

    let answers: GraphQLResponse[] = [];
    const blocker = app.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query(...hold);
      // The change locks its row, then waits for the held one before it reaches the confirmed link.
      const changed = run();
      await untilWaiting(app.dataSource, 1);
      let batchAnswered = false;
      // The batch locks the confirmed link (same guideline and assessment), then inserts a second link type.
      const batch = app
        .gql(
          `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { created links { id } } }`,
          {
            input: {
              guidelineId: guideline.id,
              links: [
                {
                  recommendationId: recommendation,
                  assessmentId: assessment,
                  linkType: 'KNOWLEDGE_GAP',
                  alignment: 'ALIGNED',
                },
              ],
            },
          },
          await asUser(app, FMS),
        )
        .finally(() => {
          batchAnswered = true;
        });
      // The batch either answers while the change waits, or (the deadlock) waits for the change's row.
      await untilWaiting(app.dataSource, 2, () => batchAnswered);
      await blocker.commitTransaction();
      answers = await Promise.all([changed, batch]);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    const [changeAnswer, batchAnswer] = answers;
    expect(changeAnswer!.errors).toBeUndefined();
    expect(batchAnswer!.errors).toBeUndefined();
    expect(batchAnswer!.data!.upsertGuidelineLinks.created).toBe(1);
    // The change still reached the confirmed link the batch held.
    expect(await linkState(held.id)).toEqual({ alignment: 'NEEDS_REVIEW', confirmed: false });
    expect(await linkState(batchAnswer!.data!.upsertGuidelineLinks.links[0].id)).toEqual({
      alignment: 'ALIGNED',
      confirmed: false,
    });
  });
});

describe('a recommendation removed while a link to it is being inserted', () => {
  it('waits for the link, then removes it with the recommendation and records that', async () => {
    const intervention = await s.intervention('Zorg die vervalt');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = (await s.assessment('INSURED', intervention, true)).id;
    const version = await versionOf(recommendation, 'Recommendation', FMS);

    let answers: GraphQLResponse[] = [];
    const blocker = app.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      // The link's insert checks its recommendation (KEY SHARE, held from then on) before its assessment, and
      // waits there for this session.
      await blocker.query('SELECT id FROM package_assessment WHERE id = $1 FOR UPDATE', [fromGlobalId(assessment).id]);
      const linked = app.gql(
        `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id } }`,
        {
          input: {
            recommendationId: recommendation,
            assessmentId: assessment,
            linkType: 'SHARED_EVIDENCE',
            alignment: 'ALIGNED',
          },
        },
        await asUser(app, FMS),
      );
      await untilWaiting(app.dataSource, 1);
      let removalAnswered = false;
      const removed = app
        .gql(
          `mutation($input: RemoveRecommendationInput!) { removeRecommendation(input: $input) { removedRecommendationId } }`,
          { input: { id: recommendation, version } },
          await asUser(app, FMS),
        )
        .finally(() => {
          removalAnswered = true;
        });
      await untilWaiting(app.dataSource, 2, () => removalAnswered);
      await blocker.commitTransaction();
      answers = await Promise.all([linked, removed]);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    const [linkAnswer, removalAnswer] = answers;
    expect(linkAnswer!.errors).toBeUndefined();
    expect(removalAnswer!.errors).toBeUndefined();
    const linkId = fromGlobalId(linkAnswer!.data!.linkRecommendationToAssessment.id).id;
    expect(await app.dataSource.query('SELECT id FROM synergy_link WHERE id = $1', [linkId])).toEqual([]);
    // The link went with the recommendation, and its history says so.
    const trail = await app.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'SynergyLink' AND entity_id = $1 ORDER BY occurred_at`,
      [linkId],
    );
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'DELETE']);
  });
});
