import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { acceptOwnerInvitations } from '../../helpers/guideline-owners';

/**
 * Naming another association as a guideline's co-owner invites it: it takes on an owner's duties (confirming
 * links, answering perspectives, its inbox, its conflict counts) only by accepting. Through the API, as each
 * party's editors.
 */
let app: TestApp;
const party: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  for (const key of ['fms', 'nhg', 'mdl-artsen', 'vvn']) {
    const [row] = await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]);
    party[key] = toGlobalId('Party', row.id);
  }
});
afterAll(() => app.close());

const FMS = 'fms.editor@example.org';
const NHG = 'nhg.editor@example.org';
const MDL = 'mdl.editor@example.org';
const VVN = 'vvn.editor@example.org';

async function gql(email: string | null, query: string, variables: Record<string, unknown> = {}) {
  return app.gql(query, variables, await asUser(app, email));
}

let counter = 0;
async function createGuideline(email: string, ownerKeys: string[]) {
  const res = await gql(
    email,
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version owners { key } } }`,
    { input: { title: `Gedeelde richtlijn ${++counter}`, ownerPartyIds: ownerKeys.map((k) => party[k]) } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createGuideline as { id: string; version: number; owners: { key: string }[] };
}

const INVITATIONS = `query($id: ID!) { guideline(id: $id) { version owners { key }
  ownerInvitations { id version status invitedParty { key } invitedByParty { key } decidedByParty { key } } } }`;

interface Invitation {
  id: string;
  version: number;
  status: string;
  invitedParty: { key: string };
  invitedByParty: { key: string };
  decidedByParty: { key: string } | null;
}

async function guidelineAs(email: string, id: string) {
  const res = await gql(email, INVITATIONS, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.guideline as { version: number; owners: { key: string }[]; ownerInvitations: Invitation[] } | null;
}

async function decide(email: string | null, verb: 'accept' | 'decline' | 'withdraw', id: string, version: number) {
  const name = `${verb}GuidelineOwnerInvitation`;
  return gql(
    email,
    `mutation($input: DecideGuidelineOwnerInvitationInput!) { ${name}(input: $input) { id version status decidedByParty { key } } }`,
    { input: { id, version } },
  );
}

const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  res.errors?.[0]?.extensions?.code;

async function invitationsInInbox(email: string) {
  const res = await gql(
    email,
    `{ myInbox(filter: { kinds: [GUIDELINE_OWNERSHIP_INVITATION] }, first: 100) { nodes { kind subjectId title party { key }
       subject { ... on GuidelineOwnerInvitation { id version status guidelineTitle guideline { id } } } } } }`,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.myInbox.nodes as {
    subjectId: string;
    title: string;
    party: { key: string };
    subject: { id: string; version: number; status: string; guidelineTitle: string; guideline: { id: string } | null };
  }[];
}

const keys = (owners: { key: string }[]) => owners.map((o) => o.key).sort();

describe('guideline owner invitations', () => {
  it('invites a co-owner named at creation: it sees the invitation in its inbox, accepts, and owns the guideline', async () => {
    const created = await createGuideline(FMS, ['fms', 'mdl-artsen']);
    // Only the creator's association owns it at once.
    expect(keys(created.owners)).toEqual(['fms']);
    const [invitation] = (await guidelineAs(FMS, created.id))!.ownerInvitations;
    expect(invitation).toMatchObject({
      status: 'PENDING',
      invitedParty: { key: 'mdl-artsen' },
      invitedByParty: { key: 'fms' },
      decidedByParty: null,
    });

    const inbox = (await invitationsInInbox(MDL)).filter((i) => i.subjectId === invitation!.id);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      party: { key: 'mdl-artsen' },
      title: expect.stringContaining('Gedeelde richtlijn'),
      // The invited party reads the draft it is asked to co-own while it decides.
      subject: {
        id: invitation!.id,
        status: 'PENDING',
        guidelineTitle: inbox[0]!.title,
        guideline: { id: created.id },
      },
    });
    expect((await invitationsInInbox(NHG)).filter((i) => i.subjectId === invitation!.id)).toEqual([]);

    // Before accepting, MDL reads the draft but cannot act as an owner.
    const early = await gql(
      MDL,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`,
      { input: { id: created.id, version: created.version, title: 'Overgenomen' } },
    );
    expect(codeOf(early)).toBe('FORBIDDEN');

    const accepted = await decide(MDL, 'accept', invitation!.id, invitation!.version);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptGuidelineOwnerInvitation).toMatchObject({
      status: 'ACCEPTED',
      decidedByParty: { key: 'mdl-artsen' },
    });
    const after = (await guidelineAs(MDL, created.id))!;
    expect(keys(after.owners)).toEqual(['fms', 'mdl-artsen']);
    // A new guideline version: an edit made on the old owner list gets a CONFLICT.
    expect(after.version).toBe(created.version + 1);
    const edited = await gql(
      MDL,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { title } }`,
      { input: { id: created.id, version: after.version, title: 'Nu van FMS en MDL' } },
    );
    expect(edited.errors).toBeUndefined();
    expect((await invitationsInInbox(MDL)).filter((i) => i.subjectId === invitation!.id)).toEqual([]);
    // Once decided, it stays decided.
    const again = await decide(MDL, 'accept', invitation!.id, invitation!.version + 1);
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
  });

  it('shows a draft’s title to the invited association while the invitation is pending, not after it declined', async () => {
    const created = await createGuideline(FMS, ['fms', 'vvn']);
    const [invitation] = (await guidelineAs(FMS, created.id))!.ownerInvitations;
    const TITLE = `query($id: ID!) { node(id: $id) { ... on GuidelineOwnerInvitation { status guidelineTitle } } }`;
    const pending = await gql(VVN, TITLE, { id: invitation!.id });
    expect(pending.data!.node).toEqual({ status: 'PENDING', guidelineTitle: expect.stringContaining('Gedeelde') });
    expect((await decide(VVN, 'decline', invitation!.id, invitation!.version)).errors).toBeUndefined();
    // The draft stays FMS's: the association that declined still reads its answer, no longer the title.
    const declined = await gql(VVN, TITLE, { id: invitation!.id });
    expect(declined.data!.node).toEqual({ status: 'DECLINED', guidelineTitle: null });
    const owner = await gql(FMS, TITLE, { id: invitation!.id });
    expect(owner.data!.node).toEqual({ status: 'DECLINED', guidelineTitle: expect.stringContaining('Gedeelde') });
  });

  describe('the draft an association is asked to co-own', () => {
    /** Every path that asks the guideline's read rule, and what a reader of the guideline reads with it. */
    const READ = `query($guideline: ID!, $recommendation: ID!, $invitation: ID!, $search: String!) {
      guideline(id: $guideline) { id recommendations { id } }
      node(id: $guideline) { id }
      recommendation: node(id: $recommendation) { id }
      guidelines(filter: { search: $search }) { totalCount nodes { id } }
      guidelineOwnerInvitation(id: $invitation) { status guideline { id } } }`;

    /** A draft of `owner` (through its editor `editor`) with a recommendation, that invites `invited`. */
    async function draftWithInvitation(editor: string, owner: string, invited: string) {
      const created = await createGuideline(editor, [owner, invited]);
      const recommendation = await gql(
        editor,
        `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
        { input: { guidelineId: created.id, kind: 'DO', text: 'Aanbeveling bij het concept' } },
      );
      expect(recommendation.errors).toBeUndefined();
      const [invitation] = (await guidelineAs(editor, created.id))!.ownerInvitations;
      const title = `Gedeelde richtlijn ${counter}`;
      return {
        created,
        invitation: invitation!,
        recommendationId: recommendation.data!.createRecommendation.id,
        title,
      };
    }

    async function readAs(email: string, draft: Awaited<ReturnType<typeof draftWithInvitation>>) {
      const res = await gql(email, READ, {
        guideline: draft.created.id,
        recommendation: draft.recommendationId,
        invitation: draft.invitation.id,
        search: draft.title,
      });
      expect(res.errors).toBeUndefined();
      const { guideline, node, recommendation, guidelines, guidelineOwnerInvitation } = res.data!;
      return {
        guideline: guideline?.id ?? null,
        recommendations: guideline?.recommendations.map((r: { id: string }) => r.id) ?? null,
        node: node?.id ?? null,
        recommendation: recommendation?.id ?? null,
        listed: (guidelines.nodes as { id: string }[]).filter((g) => g.id === draft.created.id).length,
        viaInvitation: guidelineOwnerInvitation?.guideline?.id ?? null,
      };
    }

    const readsAll = (draft: Awaited<ReturnType<typeof draftWithInvitation>>) => ({
      guideline: draft.created.id,
      recommendations: [draft.recommendationId],
      node: draft.created.id,
      recommendation: draft.recommendationId,
      listed: 1,
      viaInvitation: draft.created.id,
    });
    const readsNothing = { guideline: null, recommendations: null, node: null, recommendation: null, listed: 0 };

    it('is read by the invited association while its invitation is PENDING, through every path, and not after it declined', async () => {
      const draft = await draftWithInvitation(NHG, 'nhg', 'fms');
      expect(await readAs(FMS, draft)).toEqual(readsAll(draft));
      // A viewer of the invited association reads it too; an unrelated association does not.
      expect(await readAs('fms.viewer@example.org', draft)).toEqual(readsAll(draft));
      expect(await readAs(VVN, draft)).toEqual({ ...readsNothing, viaInvitation: null });
      expect((await decide(FMS, 'decline', draft.invitation.id, draft.invitation.version)).errors).toBeUndefined();
      expect(await readAs(FMS, draft)).toEqual({ ...readsNothing, viaInvitation: null });
      expect(await readAs('fms.viewer@example.org', draft)).toEqual({ ...readsNothing, viaInvitation: null });
      expect(await readAs(NHG, draft)).toEqual(readsAll(draft));
    });

    it('is no longer the invited association’s to read once the invitation is withdrawn', async () => {
      const draft = await draftWithInvitation(FMS, 'fms', 'nhg');
      expect(await readAs(NHG, draft)).toEqual(readsAll(draft));
      expect((await decide(FMS, 'withdraw', draft.invitation.id, draft.invitation.version)).errors).toBeUndefined();
      expect(await readAs(NHG, draft)).toEqual({ ...readsNothing, viaInvitation: null });
    });

    it('gives the invited association the events of what it reads with the draft, by the same rule, while PENDING', async () => {
      const draft = await draftWithInvitation(FMS, 'fms', 'nhg');
      const [{ id: assessment }] = await app.dataSource.query(
        `SELECT id FROM package_assessment WHERE published ORDER BY key LIMIT 1`,
      );
      const [{ cursor }] = await app.dataSource.query(
        'SELECT coalesce(max(cursor), 0)::text AS cursor FROM domain_event',
      );
      const linked = await gql(
        FMS,
        `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { links { id } } }`,
        {
          input: {
            guidelineId: draft.created.id,
            links: [
              {
                assessmentId: toGlobalId('PackageAssessment', assessment),
                linkType: 'SHARED_EVIDENCE',
                alignment: 'ALIGNED',
              },
            ],
          },
        },
      );
      expect(linked.errors).toBeUndefined();
      const linkId = linked.data!.upsertGuidelineLinks.links[0].id as string;
      const reads = async (email: string) => {
        const res = await gql(
          email,
          `query($after: String, $link: ID!) { node(id: $link) { id }
             changes(after: $after, first: 50, filter: { types: [LINK_CREATED] }) { nodes { subjectId } } }`,
          { after: cursor, link: linkId },
        );
        expect(res.errors).toBeUndefined();
        const events = (res.data!.changes.nodes as { subjectId: string }[]).filter((e) => e.subjectId === linkId);
        return { link: res.data!.node?.id ?? null, events: events.length };
      };
      expect(await reads(NHG)).toEqual({ link: linkId, events: 1 });
      expect(await reads(VVN)).toEqual({ link: null, events: 0 });
      expect((await decide(FMS, 'withdraw', draft.invitation.id, draft.invitation.version)).errors).toBeUndefined();
      expect(await reads(NHG)).toEqual({ link: null, events: 0 });
      expect(await reads(FMS)).toEqual({ link: linkId, events: 1 });
    });

    it('is read by an association that accepted while it owns it, and not after it left', async () => {
      const draft = await draftWithInvitation(FMS, 'fms', 'mdl-artsen');
      expect((await decide(MDL, 'accept', draft.invitation.id, draft.invitation.version)).errors).toBeUndefined();
      expect(await readAs(MDL, draft)).toEqual(readsAll(draft));
      const { version } = (await guidelineAs(MDL, draft.created.id))!;
      const left = await gql(
        MDL,
        `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`,
        { input: { id: draft.created.id, version, ownerPartyIds: [party.fms] } },
      );
      expect(left.errors).toBeUndefined();
      expect(await readAs(MDL, draft)).toEqual({ ...readsNothing, viaInvitation: null });
    });
  });

  it('tells each reader whether it may answer (mayAnswer), as accepting and declining decide', async () => {
    const created = await createGuideline(NHG, ['nhg', 'fms']);
    const [invitation] = (await guidelineAs(NHG, created.id))!.ownerInvitations;
    const MAY = `query($id: ID!) { node(id: $id) { ... on GuidelineOwnerInvitation { mayAnswer } } }`;
    const may = async (email: string) => {
      const res = await gql(email, MAY, { id: invitation!.id });
      expect(res.errors).toBeUndefined();
      return res.data!.node.mayAnswer as boolean;
    };
    expect(await may(FMS)).toBe(true);
    expect(await may('fms.viewer@example.org')).toBe(false);
    expect(await may(NHG)).toBe(false);
    expect(await may('vws.editor@example.org')).toBe(false);
    expect(codeOf(await decide('fms.viewer@example.org', 'accept', invitation!.id, invitation!.version))).toBe(
      'FORBIDDEN',
    );
    expect((await decide(FMS, 'decline', invitation!.id, invitation!.version)).errors).toBeUndefined();
    expect(await may(FMS)).toBe(false);
  });

  it('invites an association added by an update; it declines and does not become an owner', async () => {
    const created = await createGuideline(FMS, ['fms']);
    const updated = await gql(
      FMS,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version owners { key } } }`,
      { input: { id: created.id, version: created.version, ownerPartyIds: [party.fms, party.nhg] } },
    );
    expect(updated.errors).toBeUndefined();
    expect(keys(updated.data!.updateGuideline.owners)).toEqual(['fms']);
    // Naming it again while its invitation is pending makes no second one.
    const again = await gql(
      FMS,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`,
      {
        input: {
          id: created.id,
          version: updated.data!.updateGuideline.version,
          ownerPartyIds: [party.fms, party.nhg],
        },
      },
    );
    expect(again.errors).toBeUndefined();
    const invitations = (await guidelineAs(FMS, created.id))!.ownerInvitations;
    expect(invitations.map((i) => [i.invitedParty.key, i.status])).toEqual([['nhg', 'PENDING']]);
    const [invitation] = invitations;

    expect(codeOf(await decide(NHG, 'decline', invitation!.id, invitation!.version + 1))).toBe('CONFLICT');
    const declined = await decide(NHG, 'decline', invitation!.id, invitation!.version);
    expect(declined.errors).toBeUndefined();
    expect(declined.data!.declineGuidelineOwnerInvitation).toMatchObject({
      status: 'DECLINED',
      decidedByParty: { key: 'nhg' },
    });
    const after = (await guidelineAs(FMS, created.id))!;
    expect(keys(after.owners)).toEqual(['fms']);
    expect(after.ownerInvitations.map((i) => i.status)).toEqual(['DECLINED']);
    expect((await invitationsInInbox(NHG)).filter((i) => i.subjectId === invitation!.id)).toEqual([]);
    expect(codeOf(await decide(NHG, 'accept', invitation!.id, invitation!.version + 1))).toBe('BAD_USER_INPUT');
  });

  it('lets only a current owner withdraw, and only the invited association answer', async () => {
    const created = await createGuideline(FMS, ['fms', 'mdl-artsen']);
    const [invitation] = (await guidelineAs(FMS, created.id))!.ownerInvitations;
    const { id, version } = invitation!;
    // An unrelated association does not learn of it: NOT_FOUND, as for a missing id.
    expect(codeOf(await decide(VVN, 'accept', id, version))).toBe('NOT_FOUND');
    expect(codeOf(await decide(VVN, 'withdraw', id, version))).toBe('NOT_FOUND');
    expect((await gql(VVN, `query($id: ID!) { node(id: $id) { id } }`, { id })).data!.node).toBeNull();
    // The owner reads it but does not answer for MDL; MDL reads it but does not withdraw it.
    expect(codeOf(await decide(FMS, 'accept', id, version))).toBe('FORBIDDEN');
    expect(codeOf(await decide(MDL, 'withdraw', id, version))).toBe('FORBIDDEN');
    expect(codeOf(await decide('fms.viewer@example.org', 'accept', id, version))).toBe('FORBIDDEN');
    expect(codeOf(await decide(null, 'accept', id, version))).toBe('UNAUTHENTICATED');
    expect(codeOf(await decide(MDL, 'accept', 'not-an-id', version))).toBe('BAD_USER_INPUT');

    const withdrawn = await decide(FMS, 'withdraw', id, version);
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawGuidelineOwnerInvitation).toMatchObject({
      status: 'WITHDRAWN',
      decidedByParty: { key: 'fms' },
    });
    expect(codeOf(await decide(MDL, 'accept', id, version + 1))).toBe('BAD_USER_INPUT');
    expect(keys((await guidelineAs(FMS, created.id))!.owners)).toEqual(['fms']);
    // MDL still reads what became of its invitation.
    const seen = await gql(MDL, `query($id: ID!) { guidelineOwnerInvitation(id: $id) { status } }`, { id });
    expect(seen.data!.guidelineOwnerInvitation).toEqual({ status: 'WITHDRAWN' });
  });

  it('leaves the guideline with its other owners when the inviting owner leaves before an acceptance', async () => {
    const created = await createGuideline(FMS, ['fms', 'nhg']);
    const version = await acceptOwnerInvitations(app, created.id);
    // FMS invites MDL and gives up its own ownership in the same change.
    const left = await gql(
      FMS,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version owners { key } } }`,
      { input: { id: created.id, version, ownerPartyIds: [party.nhg, party['mdl-artsen']] } },
    );
    expect(left.errors).toBeUndefined();
    expect(keys(left.data!.updateGuideline.owners)).toEqual(['nhg']);
    const after = (await guidelineAs(NHG, created.id))!;
    expect(keys(after.owners)).toEqual(['nhg']);
    expect(after.ownerInvitations.filter((i) => i.status === 'PENDING').map((i) => i.invitedParty.key)).toEqual([
      'mdl-artsen',
    ]);
    // The last owner cannot hand the guideline to an association that has not accepted.
    const handOver = await gql(
      NHG,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`,
      { input: { id: created.id, version: after.version, ownerPartyIds: [party['mdl-artsen'], party.vvn] } },
    );
    expect(handOver.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerPartyIds' });
    expect(keys((await guidelineAs(NHG, created.id))!.owners)).toEqual(['nhg']);
    // A creator naming only other associations is refused as before: it must edit for one of them.
    const foreign = await gql(
      FMS,
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
      { input: { title: 'Richtlijn voor een ander', ownerPartyIds: [party.nhg] } },
    );
    expect(codeOf(foreign)).toBe('FORBIDDEN');
  });

  it('shows each answer in the audit trail to the guideline’s owners, not to parties that may not read the invitation', async () => {
    // MDL co-owns the guideline with NHG; NHG invites FMS, which accepts, and VVN, which declines.
    const created = await createGuideline(NHG, ['nhg', 'mdl-artsen']);
    const version = await acceptOwnerInvitations(app, created.id);
    const invited = await gql(
      NHG,
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`,
      { input: { id: created.id, version, ownerPartyIds: [party.nhg, party['mdl-artsen'], party.fms, party.vvn] } },
    );
    expect(invited.errors).toBeUndefined();
    const pending = (await guidelineAs(NHG, created.id))!.ownerInvitations.filter((i) => i.status === 'PENDING');
    const fms = pending.find((i) => i.invitedParty.key === 'fms')!;
    const vvn = pending.find((i) => i.invitedParty.key === 'vvn')!;
    expect((await decide(FMS, 'accept', fms.id, fms.version)).errors).toBeUndefined();
    expect((await decide(VVN, 'decline', vvn.id, vvn.version)).errors).toBeUndefined();

    /** The actions on an invitation a viewer reads in the trail, through the list (SQL) and node(id:) alike. */
    const trail = async (email: string, invitationId: string) => {
      const listed = await gql(
        email,
        `query($id: ID!) { auditEvents(filter: { entityId: $id }, first: 50) { nodes { id action } } }`,
        { id: invitationId },
      );
      expect(listed.errors).toBeUndefined();
      const nodes = listed.data!.auditEvents.nodes as { id: string; action: string }[];
      const all = await gql(
        'vws.viewer@example.org',
        `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { id } } }`,
        {
          id: invitationId,
        },
      );
      const read = await Promise.all(
        (all.data!.auditEvents.nodes as { id: string }[]).map(async ({ id }) => {
          const res = await gql(email, `query($id: ID!) { node(id: $id) { id } }`, { id });
          return res.data!.node?.id ?? null;
        }),
      );
      expect(read.filter((id) => id !== null).sort()).toEqual(nodes.map((n) => n.id).sort());
      return nodes.map((n) => n.action).sort();
    };
    // The inviting owner and the other owner read both answers.
    expect(await trail(NHG, fms.id)).toEqual(['ACCEPT', 'INVITE']);
    expect(await trail(NHG, vvn.id)).toEqual(['DECLINE', 'INVITE']);
    expect(await trail(MDL, fms.id)).toEqual(['ACCEPT', 'INVITE']);
    expect(await trail(MDL, vvn.id)).toEqual(['DECLINE', 'INVITE']);
    // Each invited association its own; VVN, no owner, not FMS's; an unrelated party neither.
    expect(await trail(VVN, vvn.id)).toEqual(['DECLINE', 'INVITE']);
    expect(await trail(VVN, fms.id)).toEqual([]);
    expect(await trail('zn.editor@example.org', fms.id)).toEqual([]);
    expect(await trail('zn.editor@example.org', vvn.id)).toEqual([]);
  });

  it('announces each step to the guideline’s owners and the invited association only', async () => {
    const [{ cursor }] = await app.dataSource.query(
      'SELECT coalesce(max(cursor), 0)::text AS cursor FROM domain_event',
    );
    const created = await createGuideline(NHG, ['nhg', 'mdl-artsen']);
    const [invitation] = (await guidelineAs(NHG, created.id))!.ownerInvitations;
    expect((await decide(MDL, 'accept', invitation!.id, invitation!.version)).errors).toBeUndefined();
    const withdrawnLater = await createGuideline(NHG, ['nhg', 'vvn']);
    const [other] = (await guidelineAs(NHG, withdrawnLater.id))!.ownerInvitations;
    expect((await decide(NHG, 'withdraw', other!.id, other!.version)).errors).toBeUndefined();

    const seenBy = async (email: string | null) => {
      const res = await gql(
        email,
        `query($after: String, $ids: [ID!]) { changes(after: $after, first: 50, filter: { subjectIds: $ids }) { nodes { type subjectId partyIds } } }`,
        { after: cursor, ids: [invitation!.id, other!.id] },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.changes.nodes as { type: string; subjectId: string; partyIds: string[] }[];
    };
    const steps = (events: { type: string; subjectId: string }[]) =>
      events.map((e) => [e.subjectId === invitation!.id ? 'mdl' : 'vvn', e.type]);
    expect(steps(await seenBy(NHG))).toEqual([
      ['mdl', 'GUIDELINE_OWNER_INVITED'],
      ['mdl', 'GUIDELINE_OWNER_INVITATION_ACCEPTED'],
      ['vvn', 'GUIDELINE_OWNER_INVITED'],
      ['vvn', 'GUIDELINE_OWNER_INVITATION_WITHDRAWN'],
    ]);
    expect(steps(await seenBy(MDL))).toEqual([
      ['mdl', 'GUIDELINE_OWNER_INVITED'],
      ['mdl', 'GUIDELINE_OWNER_INVITATION_ACCEPTED'],
    ]);
    expect(steps(await seenBy(VVN))).toEqual([
      ['vvn', 'GUIDELINE_OWNER_INVITED'],
      ['vvn', 'GUIDELINE_OWNER_INVITATION_WITHDRAWN'],
    ]);
    expect(await seenBy(FMS)).toEqual([]);
    expect(await seenBy('zn.editor@example.org')).toEqual([]);
    expect(await seenBy(null)).toEqual([]);
    expect(steps(await seenBy('vws.viewer@example.org'))).toHaveLength(4);
    // Filters and webhooks narrow by the event's parties: the owners and the invited association.
    const [invited] = await seenBy(MDL);
    expect([...invited!.partyIds].sort()).toEqual([party.nhg, party['mdl-artsen']].sort());
  });
});
