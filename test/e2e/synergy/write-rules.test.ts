import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { synergyScenario } from '../events/scenario';

/**
 * Rules every synergy and package write keeps: an update that changes nothing keeps the version and writes
 * no audit event (so another editor's next change is not refused with CONFLICT for it), and a record the
 * writer may not read is refused as missing.
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

describe('a recommendation of a draft the writer may not read', () => {
  it('is refused as missing, like one that does not exist, by a batch and by a single link', async () => {
    const intervention = await s.intervention('Concept van een ander');
    const draft = await s.guideline('nhg.editor@example.org', 'nhg');
    const hidden = await s.recommendation(draft.id, 'DO', intervention, 'nhg.editor@example.org');
    const own = await s.guideline();
    const assessment = await s.assessment('INSURED', intervention, true);
    const refusals = async (recommendationId: string) => {
      const batch = await app.gql(
        `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { created } }`,
        {
          input: {
            guidelineId: own.id,
            links: [
              { recommendationId, assessmentId: assessment.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
            ],
          },
        },
        await asUser(app, FMS),
      );
      const single = await app.gql(
        `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id } }`,
        { input: { recommendationId, assessmentId: assessment.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' } },
        await asUser(app, FMS),
      );
      return [
        (batch.errors?.[0]?.extensions?.items as { code: string }[] | undefined)?.map((i) => i.code),
        single.errors?.[0]?.extensions?.code,
      ];
    };
    expect(await refusals(hidden)).toEqual(
      await refusals(toGlobalId('Recommendation', '00000000-0000-4000-8000-00000000beef')),
    );
  });
});

describe('a sector’s overview and its lists', () => {
  it('count the same links, a link between two sectors in both', async () => {
    const intervention = await s.intervention('Tussen twee sectoren');
    // A guideline in ggz linked to an assessment in msz.
    const [{ id: ggz }] = await app.dataSource.query(`SELECT id FROM sector WHERE key = 'ggz'`);
    const guideline = await s.guideline();
    await app.dataSource.query(`UPDATE guideline_sector SET sector_id = $2 WHERE guideline_id = $1`, [
      fromGlobalId(guideline.id).id,
      ggz,
    ]);
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    await s.link(recommendation, assessment.id);
    for (const sector of [s.ids.msz, s.ids.ggz]) {
      const res = await app.gql(
        `query($s: ID!) {
           synergyOverview(sectorId: $s) { counts { totalLinks awaitingGuidelineOwnerConfirmation awaitingAssessorConfirmation } }
           all: synergyLinks(filter: { sectorIds: [$s] }) { totalCount }
           owner: synergyLinks(filter: { sectorIds: [$s], awaitingSide: GUIDELINE_OWNER }) { totalCount }
           assessor: synergyLinks(filter: { sectorIds: [$s], awaitingSide: ASSESSOR }) { totalCount }
         }`,
        { s: sector },
      );
      expect(res.errors).toBeUndefined();
      const { counts } = res.data!.synergyOverview;
      expect([res.data!.all.totalCount, res.data!.owner.totalCount, res.data!.assessor.totalCount]).toEqual([
        counts.totalLinks,
        counts.awaitingGuidelineOwnerConfirmation,
        counts.awaitingAssessorConfirmation,
      ]);
    }
  });
});

describe('the sides a viewer may confirm', () => {
  const SIDES = `query($id: ID!) { synergyLink(id: $id) { confirmableSides } }`;
  const sidesOf = async (id: string, email: string | null) => {
    const res = await app.gql(SIDES, { id }, await asUser(app, email));
    expect(res.errors).toBeUndefined();
    return res.data!.synergyLink.confirmableSides as string[];
  };
  const confirm = async (id: string, side: string, email: string) => {
    const { version } = (await app.gql(`query($id: ID!) { synergyLink(id: $id) { version } }`, { id })).data!
      .synergyLink;
    return app.gql(
      `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { awaitingConfirmationFrom } }`,
      { input: { id, version, side } },
      await asUser(app, email),
    );
  };

  it('are the sides confirmSynergyLink accepts from them: each its own, none on NEEDS_REVIEW, none anonymous', async () => {
    const intervention = await s.intervention('Bevestigbaar');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const link = await s.link(recommendation, assessment.id);
    // Zorginstituut's grant reaches every party, but confirms for the assessor only.
    expect(await sidesOf(link.id, ZIN)).toEqual(['ASSESSOR']);
    expect(await sidesOf(link.id, FMS)).toEqual(['GUIDELINE_OWNER']);
    expect(await sidesOf(link.id, 'nhg.editor@example.org')).toEqual([]);
    expect(await sidesOf(link.id, null)).toEqual([]);
    const refused = await confirm(link.id, 'GUIDELINE_OWNER', ZIN);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const accepted = await confirm(link.id, 'ASSESSOR', ZIN);
    expect(accepted.data!.confirmSynergyLink.awaitingConfirmationFrom).toEqual(['GUIDELINE_OWNER']);
    expect(await sidesOf(link.id, ZIN)).toEqual([]);
    expect((await confirm(link.id, 'GUIDELINE_OWNER', FMS)).errors).toBeUndefined();
    // A changed outcome puts the confirmed link on NEEDS_REVIEW: nobody confirms it until its alignment is set again.
    await s.updateAssessment(assessment.id, assessment.version, 'NOT_INSURED');
    expect(await sidesOf(link.id, FMS)).toEqual([]);
    expect((await confirm(link.id, 'GUIDELINE_OWNER', FMS)).errors?.map((e) => e.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});
