import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outboxOf, synergyScenario } from '../events/scenario';

/**
 * What confirming and disputing do to a link in each state (docs/domain.md, two-sided confirmation): a side
 * that has confirmed already changes nothing by confirming again, and a link on NEEDS_REVIEW waits for its
 * owner's alignment before either side confirms or disputes it.
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
const LINK = `id version alignment dispute { side } confirmableSides
  guidelineOwnerConfirmation { confirmedAt confirmedBy { email } party { id } }
  history { action }`;

async function gql(email: string, query: string, variables: Record<string, unknown> = {}) {
  return app.gql(query, variables, await asUser(app, email));
}
async function read(id: string, email = FMS) {
  const res = await gql(email, `query($id: ID!) { synergyLink(id: $id) { ${LINK} } }`, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.synergyLink;
}
function confirm(email: string, input: { id: string; version: number; side: string }) {
  return gql(email, `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { ${LINK} } }`, {
    input,
  });
}
function dispute(email: string, input: { id: string; version: number; side: string }) {
  return gql(email, `mutation($input: DisputeSynergyLinkInput!) { disputeSynergyLink(input: $input) { ${LINK} } }`, {
    input: { ...input, reason: 'Sluit niet aan' },
  });
}
const confirmationEvents = async (id: string) =>
  (await outboxOf(app, id)).filter((e) => e.type === 'LINK_CONFIRMATIONS_CHANGED').length;

/** A published guideline of FMS's linked to a published assessment of ZIN's, pending on both sides. */
async function pendingLink(name: string) {
  const intervention = await s.intervention(name);
  const guideline = await s.guideline();
  const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
  await s.publishGuideline(guideline.id);
  const assessment = await s.assessment('INSURED', intervention, true);
  return { guideline, link: await s.link(recommendation, assessment.id) };
}

describe('a side that has confirmed, confirming again', () => {
  it.each([
    ['the same person', FMS],
    ['another editor of the same association', 'fms.admin@example.org'],
  ])('by %s gets the link as it is: no new version, no audit event, no domain event', async (_, again) => {
    const { link } = await pendingLink(`Tweemaal bevestigd door ${again}`);
    const first = await confirm(FMS, { id: link.id, version: link.version, side: 'GUIDELINE_OWNER' });
    expect(first.errors).toBeUndefined();
    const confirmed = first.data!.confirmSynergyLink;
    expect(confirmed.confirmableSides).toEqual([]);
    const eventsBefore = await confirmationEvents(link.id);
    expect(eventsBefore).toBe(1);

    const repeated = await confirm(again, { id: link.id, version: confirmed.version, side: 'GUIDELINE_OWNER' });
    expect(repeated.errors).toBeUndefined();
    expect(repeated.data!.confirmSynergyLink).toEqual({ ...confirmed, confirmableSides: [] });
    expect(await read(link.id)).toEqual(confirmed);
    expect(confirmed.guidelineOwnerConfirmation.confirmedBy.email).toBe(FMS);
    expect(confirmed.history.map((h: { action: string }) => h.action)).toEqual(['CREATE', 'CONFIRM']);
    expect(await confirmationEvents(link.id)).toBe(eventsBefore);
  });

  it('still needs the right for that side and the current version', async () => {
    const { link } = await pendingLink('Tweemaal bevestigd, zonder recht of verouderd');
    const { version } = (await confirm(FMS, { id: link.id, version: link.version, side: 'GUIDELINE_OWNER' })).data!
      .confirmSynergyLink;
    const codes = async (email: string, v: number) =>
      (await confirm(email, { id: link.id, version: v, side: 'GUIDELINE_OWNER' })).errors?.map(
        (e) => e.extensions?.code,
      );
    expect(await codes(ZIN, version)).toEqual(['FORBIDDEN']);
    expect(await codes(FMS, link.version)).toEqual(['CONFLICT']);
  });
});

describe('a link on NEEDS_REVIEW', () => {
  /** A confirmed link put on NEEDS_REVIEW by a new edition of its guideline. */
  async function linkNeedingReview(name: string) {
    const { guideline, link } = await pendingLink(name);
    await s.confirm(link.id, 'GUIDELINE_OWNER');
    await s.confirm(link.id, 'ASSESSOR');
    await s.publishGuideline(guideline.id);
    const current = await read(link.id);
    expect(current.alignment).toBe('NEEDS_REVIEW');
    return current;
  }

  it.each([
    ['GUIDELINE_OWNER', FMS],
    ['ASSESSOR', ZIN],
  ])('is not disputed for the %s side until its owner sets an alignment again', async (side, email) => {
    const link = await linkNeedingReview(`Betwist tijdens herziening (${side})`);
    const refused = await dispute(email, { id: link.id, version: link.version, side });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(await read(link.id)).toEqual(link);

    const realigned = await gql(
      FMS,
      `mutation($input: UpdateSynergyLinkInput!) { updateSynergyLink(input: $input) { version alignment } }`,
      { input: { id: link.id, version: link.version, alignment: 'PARTIALLY_ALIGNED' } },
    );
    expect(realigned.errors).toBeUndefined();
    const disputed = await dispute(email, { id: link.id, version: realigned.data!.updateSynergyLink.version, side });
    expect(disputed.errors).toBeUndefined();
    expect(disputed.data!.disputeSynergyLink).toMatchObject({ alignment: 'PARTIALLY_ALIGNED', dispute: { side } });
  });
});
