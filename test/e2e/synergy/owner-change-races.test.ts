import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { acceptOwnerInvitations } from '../../helpers/guideline-owners';
import { untilWaiting } from '../../helpers/locks';
import { synergyScenario } from '../events/scenario';

/**
 * A link write queued behind a change of the guideline's owners is decided on the owners after that change:
 * an association that just gave up its ownership is refused. (A statement that waits for the guideline's
 * lock still reads its subqueries as they were before the wait, so the owners are read after the lock.)
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

const WRITES = {
  upsertGuidelineLinks: (guidelineId: string, recommendationId: string, assessmentId: string) => ({
    query: `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { created } }`,
    variables: {
      input: {
        guidelineId,
        links: [{ recommendationId, assessmentId, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' }],
      },
    },
  }),
  linkRecommendationToAssessment: (_guidelineId: string, recommendationId: string, assessmentId: string) => ({
    query: `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id } }`,
    variables: { input: { recommendationId, assessmentId, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' } },
  }),
};

/** A published guideline owned by FMS and NHG, with a recommendation and an assessment to link it to. */
async function jointGuideline(name: string) {
  const intervention = await s.intervention(name);
  const guideline = await s.guideline();
  const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
  await s.publishGuideline(guideline.id);
  const assessment = await s.assessment('INSURED', intervention, true);
  const fms = await asUser(app, FMS);
  const { version } = (await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guideline.id }, fms))
    .data!.guideline;
  const joint = await app.gql(
    `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id } }`,
    { input: { id: guideline.id, version, ownerPartyIds: [s.ids.fms, s.ids.nhg] } },
    fms,
  );
  expect(joint.errors).toBeUndefined();
  await acceptOwnerInvitations(app, guideline.id);
  const { version: jointVersion } = (
    await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guideline.id }, fms)
  ).data!.guideline;
  return { guideline, recommendation, assessment, version: jointVersion as number };
}

/**
 * Sends `request` as FMS while FMS leaves the guideline in updateGuideline's order, held open (the guideline
 * locked, then its owners changed and its version raised); answers what FMS got once that committed.
 */
async function queuedBehindFmsLeaving(guidelineId: string, query: string, variables: Record<string, unknown>) {
  const gid = fromGlobalId(guidelineId).id;
  const fms = await asUser(app, FMS);
  const runner = app.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('SELECT id FROM guideline WHERE id = $1 FOR UPDATE', [gid]);
  await runner.query('DELETE FROM guideline_owner WHERE guideline_id = $1 AND party_id = $2', [
    gid,
    fromGlobalId(s.ids.fms).id,
  ]);
  await runner.query('UPDATE guideline SET version = version + 1 WHERE id = $1', [gid]);
  let answered = false;
  const sent = app.gql(query, variables, fms).finally(() => (answered = true));
  await untilWaiting(app.dataSource, 1, () => answered);
  await runner.commitTransaction();
  await runner.release();
  return sent;
}

it.each(Object.keys(WRITES) as (keyof typeof WRITES)[])(
  '%s queued behind FMS giving up its ownership is refused for FMS, and makes no link',
  async (write) => {
    const { guideline, recommendation, assessment } = await jointGuideline(`Eigenaarswissel ${write}`);
    const { query, variables } = WRITES[write](guideline.id, recommendation, assessment.id);
    const res = await queuedBehindFmsLeaving(guideline.id, query, variables);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM synergy_link WHERE guideline_id = $1', [
      fromGlobalId(guideline.id).id,
    ]);
    expect(n).toBe(0);
  },
);

it('an edit queued behind FMS giving up its ownership is refused for FMS, without telling it the new version', async () => {
  const { guideline, version } = await jointGuideline('Eigenaarswissel bewerken');
  const res = await queuedBehindFmsLeaving(
    guideline.id,
    `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { title } }`,
    { input: { id: guideline.id, version, title: 'Nog even van FMS' } },
  );
  expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(res.errors?.[0]?.extensions?.currentVersion).toBeUndefined();
});

it('a recommendation added behind FMS giving up its ownership is refused for FMS, and not stored', async () => {
  const { guideline } = await jointGuideline('Eigenaarswissel aanbeveling');
  const res = await queuedBehindFmsLeaving(
    guideline.id,
    `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
    { input: { guidelineId: guideline.id, text: 'Nog een aanbeveling van FMS', kind: 'DO' } },
  );
  expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const [{ n }] = await app.dataSource.query(
    `SELECT count(*)::int AS n FROM recommendation WHERE guideline_id = $1 AND text = 'Nog een aanbeveling van FMS'`,
    [fromGlobalId(guideline.id).id],
  );
  expect(n).toBe(0);
});
