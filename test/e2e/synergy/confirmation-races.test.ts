import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { synergyScenario } from '../events/scenario';
import { untilWaiting } from '../../helpers/locks';

/**
 * A confirmation sent while one end of its link changes underneath (docs/domain.md, two-sided confirmation):
 * the change clears the confirmations of that end's links, and a confirmation must not slip in between
 * its statements and survive it.
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
    `query($id: ID!) { synergyLink(id: $id) { version alignment confirmed awaitingConfirmationFrom } }`,
    { id },
    await asUser(app, ZIN),
  );
  return res.data!.synergyLink;
}

type Scene = Awaited<ReturnType<typeof scene>>;

/** A published guideline with two recommendations, and two published assessments of the same intervention. */
async function scene() {
  const intervention = await s.intervention('Zorg tijdens een wijziging');
  const guideline = await s.guideline();
  const r1 = await s.recommendation(guideline.id, 'DO', intervention);
  const r2 = await s.recommendation(guideline.id, 'CONSIDER', intervention);
  await s.publishGuideline(guideline.id);
  const a1 = (await s.assessment('INSURED', intervention, true)).id;
  const a2 = (await s.assessment('INSURED', intervention, true)).id;
  return { guideline, r1, r2, a1, a2 };
}

async function versionOf(id: string, type: string, email: string): Promise<number> {
  const res = await app.gql(
    `query($id: ID!) { node(id: $id) { ... on ${type} { version } } }`,
    { id },
    await asUser(app, email),
  );
  return res.data!.node.version;
}

// Each change with a confirmed link (`held`) and a link confirmed by the owner only (`target`) on the end it changes.
const changes: [string, (x: Scene) => [string, string][], (x: Scene) => Promise<Record<string, any>>][] = [
  [
    'a new guideline edition',
    (x) => [
      [x.r1, x.a1],
      [x.r2, x.a2],
    ],
    async (x) =>
      app.gql(
        `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { edition } }`,
        { input: { id: x.guideline.id, version: await versionOf(x.guideline.id, 'Guideline', FMS) } },
        await asUser(app, FMS),
      ),
  ],
  [
    'a reworded recommendation',
    (x) => [
      [x.r1, x.a1],
      [x.r1, x.a2],
    ],
    async (x) =>
      app.gql(
        `mutation($input: UpdateRecommendationInput!) { updateRecommendation(input: $input) { version } }`,
        {
          input: {
            id: x.r1,
            version: await versionOf(x.r1, 'Recommendation', FMS),
            text: 'Andere woorden voor dezelfde aanbeveling.',
          },
        },
        await asUser(app, FMS),
      ),
  ],
  [
    'a new assessment outcome',
    (x) => [
      [x.r1, x.a1],
      [x.r2, x.a1],
    ],
    async (x) =>
      app.gql(
        `mutation($input: UpdatePackageAssessmentInput!) { updatePackageAssessment(input: $input) { version } }`,
        { input: { id: x.a1, version: await versionOf(x.a1, 'PackageAssessment', ZIN), outcome: 'NOT_INSURED' } },
        await asUser(app, ZIN),
      ),
  ],
];

describe('a confirmation sent while an end of its link changes', () => {
  it.each(changes)(
    'is not left standing after %s: it waits for the change and is then refused as stale',
    async (_change, pairs, change) => {
      const x = await scene();
      const [[heldRec, heldAssessment], [targetRec, targetAssessment]] = pairs(x);
      const held = await s.link(heldRec, heldAssessment);
      await s.confirm(held.id, 'GUIDELINE_OWNER');
      await s.confirm(held.id, 'ASSESSOR');
      const target = await s.link(targetRec, targetAssessment);
      const ownerConfirmed = await s.confirm(target.id, 'GUIDELINE_OWNER');

      let answers: Record<string, any>[] = [];
      // Another session holds the confirmed link, so the change stops between the link statements it runs.
      const blocker = app.dataSource.createQueryRunner();
      await blocker.connect();
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT id FROM synergy_link WHERE id = $1 FOR UPDATE', [fromGlobalId(held.id).id]);
        const changed = change(x);
        await untilWaiting(app.dataSource, 1);
        let confirmAnswered = false;
        const confirmed = app
          .gql(
            `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { confirmed } }`,
            { input: { id: target.id, version: ownerConfirmed.version, side: 'ASSESSOR' } },
            await asUser(app, ZIN),
          )
          .finally(() => {
            confirmAnswered = true;
          });
        // The confirmation either waits for the change or (the race) answers while the change waits.
        await untilWaiting(app.dataSource, 2, () => confirmAnswered);
        await blocker.commitTransaction();
        answers = await Promise.all([changed, confirmed]);
      } finally {
        if (blocker.isTransactionActive) await blocker.rollbackTransaction();
        await blocker.release();
      }
      expect(await linkState(held.id)).toMatchObject({ alignment: 'NEEDS_REVIEW', confirmed: false });
      expect(await linkState(target.id)).toMatchObject({
        confirmed: false,
        awaitingConfirmationFrom: ['GUIDELINE_OWNER', 'ASSESSOR'],
      });
      const [changeAnswer, confirmAnswer] = answers;
      expect(changeAnswer!.errors).toBeUndefined();
      expect(confirmAnswer!.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual([
        'CONFLICT',
      ]);
    },
  );
});
