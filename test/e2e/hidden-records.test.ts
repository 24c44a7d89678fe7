import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../helpers/app';
import { asUser } from '../helpers/auth';
import { partyIds } from '../fixtures/deliverables';

let app: TestApp;
let draft: { id: string; version: number };

beforeAll(async () => {
  app = await createTestApp();
  const parties = await partyIds(app, ['fms']);
  const [msz] = await app.dataSource.query(`SELECT id FROM sector WHERE key = 'msz'`);
  const res = await app.gql(
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
    {
      input: {
        title: 'Verborgen conceptrichtlijn',
        ownerPartyIds: [parties.fms],
        sectorIds: [toGlobalId('Sector', msz.id)],
      },
    },
    await asUser(app, 'fms.editor@example.org'),
  );
  expect(res.errors).toBeUndefined();
  draft = res.data!.createGuideline;
});

afterAll(() => app.close());

describe("another association's draft guideline is NOT_FOUND to a change, like a missing one", () => {
  it.each([
    [
      'createRecommendation',
      `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
      () => ({ guidelineId: draft.id, kind: 'DO', text: 'Aanbeveling' }),
    ],
    [
      'updateGuideline',
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id title } }`,
      () => ({ id: draft.id, version: draft.version + 3, title: 'Overgenomen' }),
    ],
  ])('%s', async (_name, mutation, input) => {
    const res = await app.gql(mutation, { input: input() }, await asUser(app, 'nhg.editor@example.org'));
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(res.errors![0]!.extensions!.currentVersion).toBeUndefined();
  });
});

describe('a side confirming a link answers only with what it may read', () => {
  it('gives NOT_FOUND, not the draft, when the assessor confirms a link from a draft it cannot see', async () => {
    const fms = await asUser(app, 'fms.editor@example.org');
    const rec = await app.gql(
      `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
      { input: { guidelineId: draft.id, kind: 'DO', text: 'Geheime conceptaanbeveling' } },
      fms,
    );
    expect(rec.errors).toBeUndefined();
    const [assessment] = await app.dataSource.query(`SELECT id FROM package_assessment WHERE published LIMIT 1`);
    const linked = await app.gql(
      `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id version } }`,
      {
        input: {
          recommendationId: rec.data!.createRecommendation.id,
          assessmentId: toGlobalId('PackageAssessment', assessment.id),
          linkType: 'SHARED_EVIDENCE',
          alignment: 'ALIGNED',
        },
      },
      fms,
    );
    expect(linked.errors).toBeUndefined();
    const { id, version } = linked.data!.linkRecommendationToAssessment;
    const res = await app.gql(
      `mutation($input: ConfirmSynergyLinkInput!) {
        confirmSynergyLink(input: $input) { id guideline { title status } recommendation { text } }
      }`,
      { input: { id, version, side: 'ASSESSOR' } },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(JSON.stringify(res)).not.toContain('Geheime conceptaanbeveling');
    const [stored] = await app.dataSource.query('SELECT assessor_confirmed_at FROM synergy_link WHERE id = $1', [
      fromGlobalId(id).id,
    ]);
    expect(stored.assessor_confirmed_at).toBeNull();
  });
});
