import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { synergyScenario } from '../events/scenario';

/**
 * An update that changes nothing keeps the version and writes no audit event, so another editor's next
 * change, made on the version it read, is not refused with CONFLICT for it.
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

async function update(email: string, field: string, input: Record<string, unknown>) {
  const res = await app.gql(
    `mutation($input: ${field[0]!.toUpperCase()}${field.slice(1)}Input!) { ${field}(input: $input) { version } }`,
    { input },
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
  return res.data![field].version as number;
}

describe('an update that changes nothing', () => {
  it('keeps the version of a guideline, a recommendation, an assessment and a condition', async () => {
    const intervention = await s.intervention('Zonder wijziging');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    const assessment = await s.assessment('INSURED', intervention, true);
    const parties = await idsByKey(app, 'Party', 'party');
    const condition = (
      await app.gql(
        `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id version } }`,
        { input: { assessmentId: assessment.id, text: 'Onderzoek loopt.', ownerPartyId: parties.fms } },
        await asUser(app, ZIN),
      )
    ).data!.addAssessmentCondition as { id: string; version: number };
    const { version: recommendationVersion } = (
      await app.gql(
        `query($id: ID!) { node(id: $id) { ... on Recommendation { version } } }`,
        { id: recommendation },
        await asUser(app, FMS),
      )
    ).data!.node;
    const { version: assessmentVersion } = (
      await app.gql(`query($id: ID!) { node(id: $id) { ... on PackageAssessment { version } } }`, {
        id: assessment.id,
      })
    ).data!.node;
    expect([
      await update(FMS, 'updateGuideline', { id: guideline.id, version: guideline.version }),
      await update(FMS, 'updateGuideline', {
        id: guideline.id,
        version: guideline.version,
        ownerPartyIds: [parties.fms],
        sectorIds: [s.ids.msz],
      }),
      await update(FMS, 'updateRecommendation', { id: recommendation, version: recommendationVersion }),
      await update(ZIN, 'updatePackageAssessment', {
        id: assessment.id,
        version: assessmentVersion,
        outcome: 'INSURED',
      }),
      await update('fms.contributor@example.org', 'updateAssessmentCondition', {
        id: condition.id,
        version: condition.version,
      }),
    ]).toEqual([guideline.version, guideline.version, recommendationVersion, assessmentVersion, condition.version]);
  });
});
