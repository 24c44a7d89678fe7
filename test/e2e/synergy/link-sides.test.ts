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
    expect(cleared.changes.find((c: { field: string }) => c.field === 'note').after).toMatch(
      /^Edition 2 of the guideline/,
    );
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

describe('a side reads the events of the links it reads, no more', () => {
  it('keeps a link on the association’s draft guideline, and its events, from the assessor', async () => {
    const intervention = await s.intervention('Koppeling op een conceptrichtlijn');
    const guideline = await s.guideline(); // in development: a draft Zorginstituut may not read
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    const assessment = await s.assessment('INSURED', intervention, true);
    const link = await s.link(recommendation, assessment.id);
    expect(
      (await gql(ZIN, `query($id: ID!) { synergyLink(id: $id) { id } }`, { id: link.id })).data!.synergyLink,
    ).toBeNull();
    const AUDIT = `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { id } } }`;
    expect((await gql(ZIN, AUDIT, { id: link.id })).data!.auditEvents.nodes).toEqual([]);
    const own = (await gql(FMS, AUDIT, { id: link.id })).data!.auditEvents.nodes as { id: string }[];
    expect(own).toHaveLength(1);
    expect((await gql(ZIN, `query($id: ID!) { node(id: $id) { id } }`, { id: own[0]!.id })).data!.node).toBeNull();
    // Published, the link is both sides': the assessor reads its events from then on.
    await s.publishGuideline(guideline.id);
    expect((await gql(ZIN, AUDIT, { id: link.id })).data!.auditEvents.nodes).toEqual(
      expect.arrayContaining([{ id: own[0]!.id }]),
    );
  });
});

describe('a confirmation cleared under a half-confirmed link', () => {
  it('makes the link wait again, unread, for the side that had confirmed', async () => {
    const { guideline, link } = await linked('Opnieuw ongelezen');
    const INBOX = `query { myInbox(first: 100) { nodes { key kind subjectId read } } }`;
    const mine = async () =>
      (
        (await gql(FMS, INBOX)).data!.myInbox.nodes as { key: string; kind: string; subjectId: string; read: boolean }[]
      ).filter((n) => n.subjectId === link.id);
    const before = await mine();
    expect(before.map((n) => [n.kind, n.read])).toEqual([['LINK_AWAITING_CONFIRMATION', false]]);
    const marked = await gql(FMS, `mutation($input: MarkInboxItemsReadInput!) { markInboxItemsRead(input: $input) }`, {
      input: { keys: [before[0]!.key] },
    });
    expect(marked.data!.markInboxItemsRead).toBe(1);
    await s.confirm(link.id, 'GUIDELINE_OWNER');
    expect(await mine()).toEqual([]);
    await s.publishGuideline(guideline.id);
    expect((await mine()).map((n) => [n.kind, n.read])).toEqual([['LINK_AWAITING_CONFIRMATION', false]]);
  });
});
