import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { acceptOwnerInvitations } from '../../helpers/guideline-owners';

/**
 * The audit trail of a guideline and of its recommendations belongs to all the guideline's owners now: each
 * co-owner reads what another did (edits, recommendations added, changed and removed, an invitation's
 * acceptance), through the list (SQL), node(id:) and the party filter alike; an owner that left reads no later
 * entries, and nobody else reads them, a draft's least of all.
 */
let app: TestApp;
const party: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  const rows: { key: string; id: string }[] = await app.dataSource.query(
    `SELECT key, id FROM party WHERE key IN ('fms', 'nhg', 'mdl-artsen', 'vvn', 'zorginstituut')`,
  );
  for (const row of rows) party[row.key] = row.id;
});
afterAll(() => app.close());

const FMS = 'fms.editor@example.org';
const NHG = 'nhg.editor@example.org';
const EDITOR_OF: Record<string, string> = { fms: FMS, nhg: NHG };
const ZIN = 'zin.editor@example.org';
const VWS = 'vws.viewer@example.org';
const gid = (key: string) => toGlobalId('Party', party[key]!);

async function mutate(email: string, query: string, input: Record<string, unknown>) {
  const res = await app.gql(query, { input }, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return Object.values(res.data!)[0] as Record<string, any>;
}

let counter = 0;
/** A draft guideline of FMS that `coOwners` have accepted to co-own; returns its id and version. */
async function jointGuideline(coOwners: string[]): Promise<{ id: string; version: number }> {
  const created = await mutate(
    FMS,
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
    { title: `Gedeelde richtlijn ${++counter}`, ownerPartyIds: [gid('fms'), ...coOwners.map(gid)] },
  );
  return { id: created.id, version: await acceptOwnerInvitations(app, created.id) };
}

const UPDATE_GUIDELINE = `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`;
const ADD = `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id version } }`;
const EDIT = `mutation($input: UpdateRecommendationInput!) { updateRecommendation(input: $input) { id version } }`;
const REMOVE = `mutation($input: RemoveRecommendationInput!) { removeRecommendation(input: $input) { removedRecommendationId } }`;
const TRAIL = `query($id: ID!, $p: [ID!]) { auditEvents(first: 50, filter: { entityId: $id, partyIds: $p }) {
  nodes { id entityType action } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

/**
 * The actions on a record `email` reads in the audit list, newest first; node(id:) must read exactly those of
 * the record's entries (every one of them, as VWS reads them).
 */
async function trail(email: string, entityId: string): Promise<string[]> {
  const headers = await asUser(app, email);
  const res = await app.gql(TRAIL, { id: entityId }, headers);
  expect(res.errors).toBeUndefined();
  const listed: { id: string; entityType: string; action: string }[] = res.data!.auditEvents.nodes;
  const all = (await app.gql(TRAIL, { id: entityId }, await asUser(app, VWS))).data!.auditEvents.nodes as {
    id: string;
  }[];
  const read: string[] = [];
  for (const { id } of all) if ((await app.gql(NODE, { id }, headers)).data!.node) read.push(id);
  expect(read.sort()).toEqual(listed.map((n) => n.id).sort());
  return listed.map((n) => `${n.entityType} ${n.action}`);
}

/** The actions on a record that the party filter gives `partyKey` (as VWS, who reads the whole trail). */
async function partyTrail(partyKey: string, entityId: string): Promise<string[]> {
  const res = await app.gql(TRAIL, { id: entityId, p: [gid(partyKey)] }, await asUser(app, VWS));
  expect(res.errors).toBeUndefined();
  return res.data!.auditEvents.nodes.map((n: { entityType: string; action: string }) => `${n.entityType} ${n.action}`);
}

describe('the audit trail of a guideline with several owners', () => {
  it('gives each co-owner the other owner’s edits, acceptance and recommendation changes of a draft', async () => {
    const guideline = await jointGuideline(['nhg']);
    // NHG edits the draft, adds a recommendation and changes it, and adds one and removes it again.
    await mutate(NHG, UPDATE_GUIDELINE, { id: guideline.id, version: guideline.version, title: 'Door NHG herzien' });
    const kept = await mutate(NHG, ADD, { guidelineId: guideline.id, text: 'Overweeg A.', kind: 'CONSIDER' });
    await mutate(NHG, EDIT, { id: kept.id, version: kept.version, text: 'Overweeg A bij B.' });
    const gone = await mutate(NHG, ADD, { guidelineId: guideline.id, text: 'Doe C.', kind: 'DO' });
    await mutate(NHG, REMOVE, { id: gone.id, version: gone.version });

    // The guideline's trail: FMS's creation, NHG's acceptance (an owner change) and NHG's edit.
    const onGuideline = ['Guideline UPDATE', 'Guideline UPDATE', 'Guideline CREATE'];
    expect(await trail(FMS, guideline.id)).toEqual(onGuideline);
    expect(await trail(NHG, guideline.id)).toEqual(onGuideline);
    expect(await trail(FMS, kept.id)).toEqual(['Recommendation UPDATE', 'Recommendation CREATE']);
    // A removed recommendation's row is gone: its entries name the guideline.
    expect(await trail(FMS, gone.id)).toEqual(['Recommendation DELETE', 'Recommendation CREATE']);
    // The party filter holds what the party reads.
    expect(await partyTrail('fms', guideline.id)).toEqual(onGuideline);
    expect(await partyTrail('fms', kept.id)).toEqual(['Recommendation UPDATE', 'Recommendation CREATE']);
    expect(await partyTrail('fms', gone.id)).toEqual(['Recommendation DELETE', 'Recommendation CREATE']);
  });

  it('keeps a removed recommendation’s edits for every co-owner, not only for the one that made them', async () => {
    const guideline = await jointGuideline(['nhg']);
    const added = await mutate(NHG, ADD, { guidelineId: guideline.id, text: 'Overweeg H.', kind: 'CONSIDER' });
    const edited = await mutate(NHG, EDIT, { id: added.id, version: added.version, text: 'Overweeg H bij I.' });
    // FMS removes it: the row is gone, and NHG's edit names no guideline.
    await mutate(FMS, REMOVE, { id: added.id, version: edited.version });

    const whole = ['Recommendation DELETE', 'Recommendation UPDATE', 'Recommendation CREATE'];
    expect(await trail(FMS, added.id)).toEqual(whole);
    expect(await trail(NHG, added.id)).toEqual(whole);
    expect(await partyTrail('fms', added.id)).toEqual(whole);
    expect(await partyTrail('nhg', added.id)).toEqual(whole);
    for (const email of ['vvn.editor@example.org', 'mdl.editor@example.org', ZIN])
      expect(await trail(email, added.id)).toEqual([]);
  });

  it('gives them to the owners only: not to an unrelated party, nor to an association invited to the draft', async () => {
    const guideline = await jointGuideline(['nhg']);
    // NHG invites VVN, which reads the draft while the invitation is pending, but owns nothing yet.
    const invited = await mutate(NHG, UPDATE_GUIDELINE, {
      id: guideline.id,
      version: guideline.version,
      ownerPartyIds: [gid('fms'), gid('nhg'), gid('vvn')],
    });
    await mutate(NHG, UPDATE_GUIDELINE, { id: guideline.id, version: invited.version, title: 'Nog een concept' });
    const recommendation = await mutate(NHG, ADD, { guidelineId: guideline.id, text: 'Doe D.', kind: 'DO' });
    const draft = await app.gql(
      `query($id: ID!) { guideline(id: $id) { id } }`,
      { id: guideline.id },
      await asUser(app, 'vvn.editor@example.org'),
    );
    expect(draft.data!.guideline).toEqual({ id: guideline.id });

    expect(await trail(FMS, guideline.id)).toEqual(['Guideline UPDATE', 'Guideline UPDATE', 'Guideline CREATE']);
    expect(await trail(FMS, recommendation.id)).toEqual(['Recommendation CREATE']);
    for (const email of ['vvn.editor@example.org', 'mdl.editor@example.org', 'zn.editor@example.org']) {
      expect(await trail(email, guideline.id)).toEqual([]);
      expect(await trail(email, recommendation.id)).toEqual([]);
    }
    expect(await partyTrail('vvn', guideline.id)).toEqual([]);
    expect(await partyTrail('mdl-artsen', recommendation.id)).toEqual([]);
  });

  it('keeps an owner that left from the entries after it left, and from the co-owner’s before', async () => {
    const guideline = await jointGuideline(['nhg']);
    const recommendation = await mutate(NHG, ADD, { guidelineId: guideline.id, text: 'Overweeg E.', kind: 'CONSIDER' });
    expect(await trail(FMS, recommendation.id)).toEqual(['Recommendation CREATE']);
    expect(await trail(FMS, guideline.id)).toEqual(['Guideline UPDATE', 'Guideline CREATE']);

    // FMS gives up its ownership; NHG goes on.
    const left = await mutate(FMS, UPDATE_GUIDELINE, {
      id: guideline.id,
      version: guideline.version,
      ownerPartyIds: [gid('nhg')],
    });
    await mutate(NHG, UPDATE_GUIDELINE, { id: guideline.id, version: left.version, title: 'Alleen van NHG' });
    await mutate(NHG, EDIT, { id: recommendation.id, version: recommendation.version, text: 'Overweeg E bij F.' });
    const later = await mutate(NHG, ADD, { guidelineId: guideline.id, text: 'Doe G.', kind: 'DO' });

    // Its own entries stay its own; NHG's, before and after, are the owners'.
    expect(await trail(FMS, guideline.id)).toEqual(['Guideline UPDATE', 'Guideline CREATE']);
    expect(await trail(FMS, recommendation.id)).toEqual([]);
    expect(await trail(FMS, later.id)).toEqual([]);
    expect(await partyTrail('fms', guideline.id)).toEqual(['Guideline UPDATE', 'Guideline CREATE']);
    expect(await trail(NHG, guideline.id)).toEqual([
      'Guideline UPDATE',
      'Guideline UPDATE',
      'Guideline UPDATE',
      'Guideline CREATE',
    ]);
  });

  it('gives the owner change of a published guideline to the association it took the guideline from, not of a draft', async () => {
    // An editor of both FMS and NHG acts for the first of them in party id order, and may drop the other.
    await app.dataSource.query(`INSERT INTO "user" (email, name) VALUES ('beide.editor@example.org', 'Beide')`);
    await app.dataSource.query(
      `INSERT INTO membership (user_id, party_id, role)
       SELECT u.id, unnest($1::uuid[]), 'EDITOR' FROM "user" u WHERE u.email = 'beide.editor@example.org'`,
      [[party.fms, party.nhg]],
    );
    const [actingKey, droppedKey] = ['fms', 'nhg'].sort((a, b) => (party[a]! < party[b]! ? -1 : 1));
    const dropped = EDITOR_OF[droppedKey!]!;

    const published = await jointGuideline(['nhg']);
    const publish = await mutate(
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
      { id: published.id, version: published.version },
    );
    const draft = await jointGuideline(['nhg']);
    for (const g of [
      { id: published.id, version: publish.version },
      { id: draft.id, version: draft.version },
    ]) {
      const changed = await mutate('beide.editor@example.org', UPDATE_GUIDELINE, {
        id: g.id,
        version: g.version,
        ownerPartyIds: [gid(actingKey!)],
      });
      // A later edit by the owner that stays is not the former owner's.
      await mutate(EDITOR_OF[actingKey!]!, UPDATE_GUIDELINE, { id: g.id, version: changed.version, title: 'Verder' });
    }
    /** The fields of each entry by the owner that stayed that `email` reads on guideline `id`, through the list. */
    const byStayingOwner = async (email: string, id: string) => {
      const res = await app.gql(
        `query($id: ID!) { auditEvents(first: 50, filter: { entityId: $id }) {
           nodes { actingParty { key } changes { field before after } } } }`,
        { id },
        await asUser(app, email),
      );
      expect(res.errors).toBeUndefined();
      return (res.data!.auditEvents.nodes as { actingParty: { key: string }; changes: Record<string, unknown>[] }[])
        .filter((n) => n.actingParty.key === actingKey)
        .map((n) => n.changes);
    };
    // Of the staying owner's entries, the former owner reads only the change that took the guideline from it.
    expect(await byStayingOwner(dropped, published.id)).toEqual([
      [{ field: 'ownerPartyIds', before: [gid(actingKey!), gid(droppedKey!)], after: [gid(actingKey!)] }],
    ]);
    await trail(dropped, published.id);
    expect(await partyTrail(droppedKey!, published.id)).toEqual(await trail(dropped, published.id));
    // A draft's: the association it took the draft from reads the draft no more.
    expect(await byStayingOwner(dropped, draft.id)).toEqual([]);
    expect(await partyTrail(droppedKey!, draft.id)).toEqual(await trail(dropped, draft.id));
  });
});

describe('the audit trail of a removed link', () => {
  const ASSESS = `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`;
  const LINK = `mutation($input: LinkRecommendationToAssessmentInput!) {
    linkRecommendationToAssessment(input: $input) { id version } }`;
  const CONFIRM = `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { version } }`;
  const UNLINK = `mutation($input: RemoveSynergyLinkInput!) { removeSynergyLink(input: $input) { removedSynergyLinkId } }`;

  it('stays with both sides, the assessor and every owner of the guideline, after the link or its recommendation is removed', async () => {
    const joint = await jointGuideline(['nhg']);
    await mutate(
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
      { id: joint.id, version: joint.version },
    );
    const assessment = await mutate(ZIN, ASSESS, {
      title: `Standpunt bij de gedeelde richtlijn ${counter}`,
      kind: 'STANDPUNT',
      outcome: 'INSURED',
      published: true,
    });
    const recommendation = await mutate(FMS, ADD, { guidelineId: joint.id, text: 'Doe J.', kind: 'DO' });
    const link = async (recommendationId: string) =>
      mutate(FMS, LINK, {
        recommendationId,
        assessmentId: assessment.id,
        linkType: 'SHARED_EVIDENCE',
        alignment: 'ALIGNED',
        rationale: 'Zelfde bewijs',
      });
    // One link goes with its recommendation, the other on its own; Zorginstituut confirmed each first.
    const withRecommendation = await link(recommendation.id);
    const other = await mutate(FMS, ADD, { guidelineId: joint.id, text: 'Doe K.', kind: 'DO' });
    const alone = await link(other.id);
    const confirmed: Record<string, number> = {};
    for (const l of [withRecommendation, alone])
      confirmed[l.id] = (await mutate(ZIN, CONFIRM, { id: l.id, version: l.version, side: 'ASSESSOR' })).version;
    await mutate(FMS, REMOVE, { id: recommendation.id, version: recommendation.version });
    await mutate(FMS, UNLINK, { id: alone.id, version: confirmed[alone.id] });

    const whole = ['SynergyLink DELETE', 'SynergyLink CONFIRM', 'SynergyLink CREATE'];
    for (const l of [withRecommendation, alone]) {
      expect(await trail(VWS, l.id)).toEqual(whole);
      // The assessor and the owner that did not act read what FMS did, as they did while the link was there.
      expect(await trail(ZIN, l.id)).toEqual(whole);
      expect(await trail(NHG, l.id)).toEqual(whole);
      expect(await partyTrail('zorginstituut', l.id)).toEqual(whole);
      expect(await partyTrail('nhg', l.id)).toEqual(whole);
      // Neither side: nothing.
      expect(await trail('mdl.editor@example.org', l.id)).toEqual([]);
      expect(await partyTrail('vvn', l.id)).toEqual([]);
    }
  });
});
