import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { synergyScenario } from '../events/scenario';

/**
 * A link on NEEDS_REVIEW says why (docs/domain.md, two-sided confirmation); the review is settled when its
 * owner sets an alignment again, so an edit of the rationale alone keeps the reason.
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
const LINK = 'id version alignment rationale reviewReason confirmed';

/** A confirmed link put on NEEDS_REVIEW by a new edition of its guideline, as it reads then. */
async function linkNeedingReview() {
  const intervention = await s.intervention('Zorg die herzien moet worden');
  const guideline = await s.guideline();
  const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
  await s.publishGuideline(guideline.id);
  const assessment = await s.assessment('INSURED', intervention, true);
  const link = await s.link(recommendation, assessment.id);
  await s.confirm(link.id, 'GUIDELINE_OWNER');
  await s.confirm(link.id, 'ASSESSOR');
  await s.publishGuideline(guideline.id);
  const read = await app.gql(
    `query($id: ID!) { synergyLink(id: $id) { ${LINK} } }`,
    { id: link.id },
    await asUser(app, FMS),
  );
  const current = read.data!.synergyLink;
  expect(current).toMatchObject({ alignment: 'NEEDS_REVIEW', reviewReason: expect.stringContaining('Edition 2') });
  return { guidelineId: guideline.id, recommendation, assessmentId: assessment.id, ...current };
}

async function updateLink(input: Record<string, unknown>) {
  const res = await app.gql(
    `mutation($input: UpdateSynergyLinkInput!) { updateSynergyLink(input: $input) { ${LINK} } }`,
    { input },
    await asUser(app, FMS),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.updateSynergyLink;
}

async function upsert(guidelineId: string, item: Record<string, unknown>) {
  const res = await app.gql(
    `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { updated links { ${LINK} } } }`,
    { input: { guidelineId, links: [{ linkType: 'SHARED_EVIDENCE', ...item }] } },
    await asUser(app, FMS),
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.upsertGuidelineLinks.updated).toBe(1);
  return res.data!.upsertGuidelineLinks.links[0];
}

describe('the reason a link needs review', () => {
  it('stays through an edit of the rationale alone, and goes once the owner sets an alignment', async () => {
    const link = await linkNeedingReview();
    const reworded = await updateLink({ id: link.id, version: link.version, rationale: 'Aangevulde onderbouwing' });
    expect(reworded).toMatchObject({
      alignment: 'NEEDS_REVIEW',
      rationale: 'Aangevulde onderbouwing',
      reviewReason: link.reviewReason,
    });
    const realigned = await updateLink({ id: link.id, version: reworded.version, alignment: 'PARTIALLY_ALIGNED' });
    expect(realigned).toMatchObject({ alignment: 'PARTIALLY_ALIGNED', reviewReason: null });
  });

  it('stays through a batch item that changes the rationale alone, and goes with one that sets an alignment', async () => {
    const link = await linkNeedingReview();
    const item = { recommendationId: link.recommendation, assessmentId: link.assessmentId };
    const reworded = await upsert(link.guidelineId, { ...item, version: link.version, rationale: 'Nieuw in de batch' });
    expect(reworded).toMatchObject({
      alignment: 'NEEDS_REVIEW',
      rationale: 'Nieuw in de batch',
      reviewReason: link.reviewReason,
    });
    const realigned = await upsert(link.guidelineId, { ...item, version: reworded.version, alignment: 'DIVERGENT' });
    expect(realigned).toMatchObject({ alignment: 'DIVERGENT', reviewReason: null });
  });

  it('is not recorded as cleared in the history of a rationale edit', async () => {
    const link = await linkNeedingReview();
    await updateLink({ id: link.id, version: link.version, rationale: 'Alleen de onderbouwing' });
    const res = await app.gql(
      `query($id: ID!) { synergyLink(id: $id) { history { action changes { field } } } }`,
      { id: link.id },
      await asUser(app, 'vws.viewer@example.org'),
    );
    const last = res.data!.synergyLink.history.at(-1);
    expect(last.action).toBe('UPDATE');
    expect(last.changes.map((c: { field: string }) => c.field)).toEqual(['rationale']);
  });
});
