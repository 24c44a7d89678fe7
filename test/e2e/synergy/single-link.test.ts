import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * linkRecommendationToAssessment is a write of its own (issue 20): it runs the checks of one batch item
 * and answers with errors about its own input fields, never about `input.links[0]`.
 */
let app: TestApp;
let guidelineId: string;
let otherGuidelineId: string;
let recommendationId: string;
let assessmentId: string;
let hiddenAssessmentId: string;

const LINK = `mutation($input: LinkRecommendationToAssessmentInput!) {
  linkRecommendationToAssessment(input: $input) { id version alignment confirmed recommendation { id } }
}`;

async function gql(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

beforeAll(async () => {
  app = await createTestApp();
  const [fms] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'fms'`);
  const [msz] = await app.dataSource.query(`SELECT id FROM sector WHERE key = 'msz'`);
  const [intervention] = await app.dataSource.query(
    `INSERT INTO intervention (key, name, synthetic) VALUES ('test-losse-koppeling', 'Losse koppeling', true) RETURNING id`,
  );
  const guideline = async (title: string) =>
    (
      await gql(
        'fms.editor@example.org',
        `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
        {
          input: { title, ownerPartyIds: [toGlobalId('Party', fms.id)], sectorIds: [toGlobalId('Sector', msz.id)] },
        },
      )
    ).createGuideline.id as string;
  guidelineId = await guideline('Richtlijn voor één koppeling');
  otherGuidelineId = await guideline('Een andere richtlijn');
  recommendationId = (
    await gql(
      'fms.editor@example.org',
      `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
      {
        input: {
          guidelineId: otherGuidelineId,
          kind: 'DO',
          interventionId: toGlobalId('Intervention', intervention.id),
          text: 'Doe dit',
          population: 'Volwassenen',
        },
      },
    )
  ).createRecommendation.id;
  const assessment = async (published: boolean) =>
    (
      await gql(
        'zin.editor@example.org',
        `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
        {
          input: {
            title: `Standpunt ${published ? 'gepubliceerd' : 'concept'}`,
            kind: 'STANDPUNT',
            interventionId: toGlobalId('Intervention', intervention.id),
            sectorId: toGlobalId('Sector', msz.id),
            outcome: 'INSURED',
            published,
          },
        },
      )
    ).createPackageAssessment.id as string;
  assessmentId = await assessment(true);
  hiddenAssessmentId = await assessment(false);
  // A whole-guideline link that exists before the cases run.
  await gql('fms.editor@example.org', LINK, {
    input: { guidelineId, assessmentId, linkType: 'GUIDELINE_BASIS_FOR_COVERAGE', alignment: 'ALIGNED' },
  });
});
afterAll(() => app.close());

const base = () => ({ assessmentId, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' });

it('creates a link from a recommendation, its guideline found from the recommendation', async () => {
  const res = await app.gql(
    LINK,
    { input: { ...base(), recommendationId } },
    await asUser(app, 'fms.editor@example.org'),
  );
  expect(res.data?.linkRecommendationToAssessment).toMatchObject({
    version: 1,
    alignment: 'ALIGNED',
    confirmed: false,
    recommendation: { id: recommendationId },
  });
});

it.each<[string, () => Record<string, unknown>, string, string | undefined]>([
  [
    'an assessment id that is not one',
    () => ({ guidelineId, assessmentId: 'nonsense' }),
    'BAD_USER_INPUT',
    'input.assessmentId',
  ],
  [
    'an assessment the owner may not read',
    () => ({ guidelineId, assessmentId: hiddenAssessmentId }),
    'NOT_FOUND',
    undefined,
  ],
  [
    'a recommendation of another guideline',
    () => ({ guidelineId, recommendationId }),
    'BAD_USER_INPUT',
    'input.recommendationId',
  ],
  [
    'NEEDS_REVIEW, which the platform sets',
    () => ({ guidelineId, alignment: 'NEEDS_REVIEW' }),
    'BAD_USER_INPUT',
    'input.alignment',
  ],
  ['neither a guideline nor a recommendation', () => ({}), 'BAD_USER_INPUT', 'input.guidelineId'],
  [
    'a link that exists already',
    () => ({ guidelineId, linkType: 'GUIDELINE_BASIS_FOR_COVERAGE' }),
    'BAD_USER_INPUT',
    'input.assessmentId',
  ],
])('refuses %s with its own field', async (_case, over, code, field) => {
  const res = await app.gql(LINK, { input: { ...base(), ...over() } }, await asUser(app, 'fms.editor@example.org'));
  expect(res.errors?.[0]?.extensions).toEqual({ code, ...(field ? { field } : {}) });
});

it('is NOT_FOUND for a party that may not read the draft guideline, like a missing one', async () => {
  const res = await app.gql(LINK, { input: { ...base(), guidelineId } }, await asUser(app, 'nhg.editor@example.org'));
  expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});
