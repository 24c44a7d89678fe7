import { toGlobalId } from 'graphql-relay';
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
