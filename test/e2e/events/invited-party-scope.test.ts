import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser, tokenFor } from '../../helpers/auth';
import { synergyScenario } from './scenario';
import { collect, settle, wsClient } from './ws-client';

/**
 * An association a PENDING invitation asks to co-own a guideline reads it (a draft too) with its links and their
 * events (mayReadGuidelineDraft). A stream or feed narrowed to its party ("Mijn partij") carries those events too,
 * while the invitation is PENDING; they do not name it in `partyIds`, since only the guideline's owners and the
 * invited association may learn of an invitation (mayReadOwnerInvitation), and a filter by its party gives them
 * to nobody else.
 */
let app: TestApp;
let s: ReturnType<typeof synergyScenario>;
const clients: { dispose(): void | Promise<void> }[] = [];

const FMS = 'fms.editor@example.org';
const NHG = 'nhg.editor@example.org';
const VVN = 'vvn.editor@example.org';

const STREAM = `subscription($filter: EventFilter) { events(filter: $filter) { cursor type subjectId } }`;
const CHANGES = `query($after: String, $filter: EventFilter) {
  changes(after: $after, filter: $filter, first: 100) { nodes { type subjectId partyIds } }
}`;
const INVITATIONS = `query($id: ID!) { guideline(id: $id) { version ownerInvitations { id version status } } }`;
const GUIDELINE_TYPES = [
  'GUIDELINE_EDITION_PUBLISHED',
  'CONFLICT_OPENED',
  'LINK_CREATED',
  'LINK_CONFIRMATIONS_CHANGED',
  'LINK_REMOVED',
];
const REMOVE_LINK = `mutation($input: RemoveSynergyLinkInput!) { removeSynergyLink(input: $input) { removedSynergyLinkId } }`;

beforeAll(async () => {
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0' });
  s = synergyScenario(app);
  await s.init();
  const [vvn] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'vvn'`);
  s.ids.vvn = Buffer.from(`Party:${vvn.id}`).toString('base64');
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});
afterAll(() => app.close());

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** A draft of FMS with a DO recommendation that invites NHG to co-own it, and its PENDING invitation. */
async function draftInvitingNhg(name: string) {
  const intervention = await s.intervention(name);
  const created = await ok(FMS, `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`, {
    input: { title: name, ownerPartyIds: [s.ids.fms, s.ids.nhg], sectorIds: [s.ids.msz] },
  });
  const guideline = created.createGuideline.id as string;
  const recommendation = await s.recommendation(guideline, 'DO', intervention);
  const [invitation] = (await ok(FMS, INVITATIONS, { id: guideline })).guideline.ownerInvitations;
  expect(invitation.status).toBe('PENDING');
  return { intervention, guideline, recommendation, invitation: invitation as { id: string; version: number } };
}

async function decide(email: string, verb: 'decline' | 'withdraw', invitation: { id: string; version: number }) {
  await ok(
    email,
    `mutation($input: DecideGuidelineOwnerInvitationInput!) { ${verb}GuidelineOwnerInvitation(input: $input) { status } }`,
    { input: { id: invitation.id, version: invitation.version } },
  );
}

/** The events after `after` one reads in the change feed, narrowed to `partyKey`'s party or not, as [type, subject]. */
async function feed(email: string, after: string, partyKey?: string) {
  const filter = { types: GUIDELINE_TYPES, ...(partyKey ? { partyIds: [s.ids[partyKey]] } : {}) };
  const nodes = (await ok(email, CHANGES, { after, filter })).changes.nodes as {
    type: string;
    subjectId: string;
    partyIds: string[];
  }[];
  return nodes;
}

async function latestCursor(): Promise<string> {
  const [{ cursor }] = await app.dataSource.query(`SELECT coalesce(max(cursor), 0)::text AS cursor FROM domain_event`);
  return cursor;
}

const keysOf = async (globalIds: string[]) =>
  (
    await app.dataSource.query(`SELECT key FROM party WHERE id = ANY($1::uuid[]) ORDER BY key`, [
      globalIds.map((id) => fromGlobalId(id).id),
    ])
  ).map((r: { key: string }) => r.key);

describe('events of a guideline an association is invited to co-own', () => {
  it('reach the invited association’s party stream while the invitation is PENDING, not after it declined', async () => {
    const draft = await draftInvitingNhg('Uitgenodigd concept');
    const assessment = await s.assessment('INSURED', draft.intervention, true);
    const ws = wsClient(app.url, await tokenFor(app, NHG));
    clients.push(ws.client);
    const nhg = collect(ws.client, { filter: { partyIds: [s.ids.nhg], types: GUIDELINE_TYPES } }, STREAM);
    await settle(300);
    const from = await latestCursor();

    // LINK_CREATED takes its scope from the link's ends, LINK_CONFIRMATIONS_CHANGED from the link (the trigger).
    const link = await s.link(draft.recommendation, assessment.id);
    const confirmed = await s.confirm(link.id, 'GUIDELINE_OWNER');
    await nhg.next(2);
    expect(nhg.errors).toEqual([]);
    expect(nhg.events.map((e) => [e.type, e.subjectId])).toEqual([
      ['LINK_CREATED', link.id],
      ['LINK_CONFIRMATIONS_CHANGED', link.id],
    ]);
    // The feed narrowed to NHG gives NHG the same; the events name the link's sides only, not the invited party.
    const told = await feed(NHG, from, 'nhg');
    expect(told.map((e) => [e.type, e.subjectId])).toEqual([
      ['LINK_CREATED', link.id],
      ['LINK_CONFIRMATIONS_CHANGED', link.id],
    ]);
    for (const event of told) expect(await keysOf(event.partyIds)).toEqual(['fms', 'zorginstituut']);

    await decide(NHG, 'decline', draft.invitation);
    const afterDecline = await latestCursor();
    await ok(FMS, REMOVE_LINK, { input: { id: link.id, version: confirmed.version } });
    // FMS, an owner, finds it in its party's feed; NHG neither in its stream nor in its feed.
    expect((await feed(FMS, afterDecline, 'fms')).map((e) => e.type)).toEqual(['LINK_REMOVED']);
    expect(await feed(NHG, afterDecline, 'nhg')).toEqual([]);
    // What NHG was told while it was invited it no longer reads: the scope never widens the read rule.
    expect(await feed(NHG, from, 'nhg')).toEqual([]);
    await settle();
    expect(nhg.events).toHaveLength(2);
  });

  it('on a published guideline, which all read, concern the invited association only while PENDING, and only for it', async () => {
    const draft = await draftInvitingNhg('Uitgenodigd gepubliceerd');
    const from = await latestCursor();
    await s.publishGuideline(draft.guideline);
    // A published NOT_INSURED assessment against the DO recommendation: a conflict on the guideline (its trigger).
    const assessment = await s.assessment('NOT_INSURED', draft.intervention, true);
    const link = await s.link(draft.recommendation, assessment.id, 'DIVERGENT');
    const pending = [
      ['GUIDELINE_EDITION_PUBLISHED', draft.guideline],
      ['CONFLICT_OPENED', draft.guideline],
      ['LINK_CREATED', link.id],
    ];
    const pairs = (events: { type: string; subjectId: string }[]) => events.map((e) => [e.type, e.subjectId]);
    expect(pairs(await feed(NHG, from, 'nhg'))).toEqual(expect.arrayContaining(pending));
    // VVN reads every one of these events, but a filter by NHG does not tell it that NHG is invited.
    expect(pairs(await feed(VVN, from))).toEqual(expect.arrayContaining(pending));
    expect(await feed(VVN, from, 'nhg')).toEqual([]);
    for (const event of await feed(VVN, from)) expect(await keysOf(event.partyIds)).not.toContain('nhg');

    await decide(FMS, 'withdraw', draft.invitation);
    const afterWithdrawal = await latestCursor();
    await s.confirm(link.id, 'ASSESSOR');
    // NHG still reads the published link's event, but it no longer concerns NHG.
    expect(pairs(await feed(NHG, afterWithdrawal))).toEqual([['LINK_CONFIRMATIONS_CHANGED', link.id]]);
    expect(await feed(NHG, afterWithdrawal, 'nhg')).toEqual([]);
    // What it was told while invited stays told (the scope is the subject's when the event was written).
    expect(pairs(await feed(NHG, from, 'nhg'))).toEqual(expect.arrayContaining(pending));
  });

  it('reach a member through a filter by its party only where it may learn of the invitation (the read scope’s grant)', async () => {
    const draft = await draftInvitingNhg('Uitgenodigd, recht verhoogd');
    const from = await latestCursor();
    await s.publishGuideline(draft.guideline);
    const assessment = await s.assessment('NOT_INSURED', draft.intervention, true);
    const link = await s.link(draft.recommendation, assessment.id, 'DIVERGENT');
    const filter = { partyIds: [s.ids.nhg], types: GUIDELINE_TYPES };
    // A stream of NHG's editor opened while it may still learn of the invitation.
    const early = wsClient(app.url, await tokenFor(app, NHG));
    clients.push(early.client);
    const opened = collect(early.client, { filter });
    await settle(300);
    // Drafts and invitations of one's own party for admins only: NHG's editor no longer reads the invitation.
    const grant = (role: string) =>
      app.dataSource.query(`UPDATE capability_grant SET min_role = $1 WHERE key = 'every-party-read-own-internal'`, [
        role,
      ]);
    await grant('ADMIN');
    try {
      expect((await ok(NHG, `query($id: ID!) { node(id: $id) { id } }`, { id: draft.invitation.id })).node).toBeNull();
      await s.confirm(link.id, 'ASSESSOR');
      const pairs = (events: { type: string; subjectId: string }[]) => events.map((e) => [e.type, e.subjectId]);
      const told = [
        ['GUIDELINE_EDITION_PUBLISHED', draft.guideline],
        ['CONFLICT_OPENED', draft.guideline],
        ['LINK_CREATED', link.id],
        ['LINK_CONFIRMATIONS_CHANGED', link.id],
      ];
      // It reads the published guideline's events, none of which names NHG: a filter by NHG gives none of them.
      expect(pairs(await feed(NHG, from))).toEqual(expect.arrayContaining(told));
      expect(await feed(NHG, from, 'nhg')).toEqual([]);
      const ws = wsClient(app.url, await tokenFor(app, NHG));
      clients.push(ws.client);
      const all = collect(ws.client, { after: from, filter: { types: GUIDELINE_TYPES } });
      const nhg = collect(ws.client, { after: from, filter });
      await all.next(told.length);
      expect(pairs(all.events)).toEqual(expect.arrayContaining(told));
      await settle();
      expect(nhg.errors).toEqual([]);
      expect(nhg.events).toEqual([]);
      // The stream opened before the grants changed was ended (as after a membership change), not fed.
      expect(opened.events).toEqual([]);
      expect(opened.completed).toBe(true);
    } finally {
      await grant('VIEWER');
    }
  });
});
