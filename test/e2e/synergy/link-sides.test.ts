import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { synergyScenario } from '../events/scenario';

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

async function gql(email: string | null, query: string, variables: Record<string, unknown> = {}) {
  return app.gql(query, variables, await asUser(app, email));
}
async function version(id: string, email = FMS): Promise<number> {
  return (await gql(email, `query($id: ID!) { synergyLink(id: $id) { version } }`, { id })).data!.synergyLink.version;
}
/** A published guideline of FMS's with one recommendation, linked to a published assessment of ZIN's. */
async function linked(name: string) {
  const intervention = await s.intervention(name);
  const guideline = await s.guideline();
  const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
  await s.publishGuideline(guideline.id);
  const assessment = await s.assessment('INSURED', intervention, true);
  return { guideline, assessment, link: await s.link(recommendation, assessment.id) };
}

describe('both sides of a link read its whole history', () => {
  it('the association reads Zorginstituut’s resolution of its dispute, by every path, and a third party does not', async () => {
    const { link } = await linked('Historie van beide kanten');
    const disputed = await gql(
      FMS,
      `mutation($input: DisputeSynergyLinkInput!) { disputeSynergyLink(input: $input) { version } }`,
      { input: { id: link.id, version: await version(link.id), side: 'GUIDELINE_OWNER', reason: 'Klopt niet' } },
    );
    expect(disputed.errors).toBeUndefined();
    const resolved = await gql(
      ZIN,
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { version } }`,
      { input: { id: link.id, version: await version(link.id, ZIN), resolution: 'Besproken; blijft ALIGNED' } },
    );
    expect(resolved.errors).toBeUndefined();
    const history = async (email: string) => {
      const res = await gql(email, `query($id: ID!) { synergyLink(id: $id) { history { id action } } }`, {
        id: link.id,
      });
      expect(res.errors).toBeUndefined();
      return res.data!.synergyLink.history as { id: string; action: string }[];
    };
    const all = await history('vws.viewer@example.org');
    expect(all.map((h) => h.action)).toEqual(['CREATE', 'DISPUTE', 'RESOLVE_DISPUTE']);
    expect(await history(FMS)).toEqual(all);
    expect(await history(ZIN)).toEqual(all);
    // The audit list and node(id:) ask the same rule.
    const listed = await gql(FMS, `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { id } } }`, {
      id: link.id,
    });
    expect(new Set(listed.data!.auditEvents.nodes.map((n: { id: string }) => n.id))).toEqual(
      new Set(all.map((h) => h.id)),
    );
    const resolution = all.find((h) => h.action === 'RESOLVE_DISPUTE')!;
    const NODE = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await gql(FMS, NODE, { id: resolution.id })).data!.node).toEqual({ id: resolution.id });
    // NHG is neither side: it reads the link (both ends are published) but none of what the sides did.
    expect(await history('nhg.editor@example.org')).toEqual([]);
    expect((await gql('nhg.editor@example.org', NODE, { id: resolution.id })).data!.node).toBeNull();
  });
});

describe('a link confirmed by one side when that side’s end changes', () => {
  it('loses that confirmation with a new edition, so the other side’s alone does not complete it', async () => {
    const { guideline, link } = await linked('Half bevestigd');
    await s.confirm(link.id, 'GUIDELINE_OWNER');
    await s.publishGuideline(guideline.id);
    const READ = `query($id: ID!) { synergyLink(id: $id) { confirmed alignment pendingSince guidelineOwnerConfirmation { confirmedAt } } }`;
    const after = (await gql(FMS, READ, { id: link.id })).data!.synergyLink;
    expect(after).toMatchObject({ confirmed: false, alignment: 'ALIGNED', guidelineOwnerConfirmation: null });
    await s.confirm(link.id, 'ASSESSOR');
    expect((await gql(FMS, READ, { id: link.id })).data!.synergyLink.confirmed).toBe(false);
    const trail = await gql(
      FMS,
      `query($id: ID!) { synergyLink(id: $id) { history { action changes { field after } } } }`,
      { id: link.id },
    );
    const cleared = trail.data!.synergyLink.history.find(
      (h: { action: string }) => h.action === 'CONFIRMATION_CLEARED',
    );
    expect(cleared.changes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['ownerConfirmedAt', 'ownerConfirmedPartyId', 'note']),
    );
    expect(cleared.changes.find((c: { field: string }) => c.field === 'note').after).toMatch(/^Edition 2 of the guideline/);
  });
});

describe('a batch refuses only the items at fault', () => {
  it('an undecodable recommendation id refuses its item, not a later valid one as a duplicate', async () => {
    const intervention = await s.intervention('Dubbel in een batch');
    const guideline = await s.guideline();
    const assessment = await s.assessment('INSURED', intervention, true);
    const res = await gql(
      FMS,
      `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { created } }`,
      {
        input: {
          guidelineId: guideline.id,
          links: [
            {
              recommendationId: guideline.id,
              assessmentId: assessment.id,
              linkType: 'SHARED_EVIDENCE',
              alignment: 'ALIGNED',
            },
            { assessmentId: assessment.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
          ],
        },
      },
    );
    const items = res.errors?.[0]?.extensions?.items as { index: number; field: string }[];
    expect(items).toEqual([expect.objectContaining({ index: 0, field: 'input.links[0].recommendationId' })]);
  });
});
