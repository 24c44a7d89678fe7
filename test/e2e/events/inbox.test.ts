import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, day, mutate, span } from '../../fixtures/deliverables';
import { synergyScenario } from './scenario';
import { decodeIdOf } from '../../../schema/global-id';

let app: TestApp;
let s: ReturnType<typeof synergyScenario>;
let link: { id: string; version: number };
let overdue: { id: string };

const INBOX = `query($filter: InboxFilter, $first: Int, $after: String) {
  myInbox(filter: $filter, first: $first, after: $after) {
    totalCount
    countsByKind { kind total unread }
    pageInfo { hasNextPage endCursor }
    nodes { key kind subjectId title read party { key } subject { id } }
  }
}`;

async function inbox(email: string | null, variables: Record<string, unknown> = {}) {
  const res = await app.gql(INBOX, { first: 100, ...variables }, await asUser(app, email));
  return res;
}
const items = async (email: string, variables: Record<string, unknown> = {}) =>
  (await inbox(email, variables)).data!.myInbox.nodes as {
    key: string;
    kind: string;
    subjectId: string;
    read: boolean;
  }[];
const kindsOf = async (email: string, subjectId: string) =>
  (await items(email)).filter((i) => i.subjectId === subjectId).map((i) => i.kind);

beforeAll(async () => {
  app = await createTestApp();
  s = synergyScenario(app);
  await s.init();
  const intervention = await s.intervention('Inbox');
  const guideline = await s.guideline();
  const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
  await s.publishGuideline(guideline.id);
  const assessment = await s.assessment('INSURED', intervention, true);
  link = await s.link(recommendation, assessment.id);
  const { createDeliverable } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
    title: 'Opleverpunt over tijd (inbox)',
    ownerPartyIds: [s.ids.zorginstituut],
    due: span(day(-30), day(-3)),
  });
  overdue = createDeliverable;
  await mutate(
    app,
    'vws.editor@example.org',
    `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
    { deliverableId: overdue.id, title: 'Mijlpaal over tijd', due: span(day(-20), day(-10)) },
  );
});
afterAll(() => app.close());

describe('myInbox', () => {
  it('shows a link to the side that has not confirmed it, until it does', async () => {
    expect(await kindsOf('zin.editor@example.org', link.id)).toEqual(['LINK_AWAITING_CONFIRMATION']);
    await s.confirm(link.id, 'ASSESSOR');
    expect(await kindsOf('zin.editor@example.org', link.id)).toEqual([]);
    expect(await kindsOf('fms.editor@example.org', link.id)).toEqual(['LINK_AWAITING_CONFIRMATION']);
  });

  it('leaves out a link on a draft guideline the other side may not read (no title, no count)', async () => {
    const intervention = await s.intervention('Inbox concept');
    const draft = await s.guideline();
    const recommendation = await s.recommendation(draft.id, 'DO', intervention);
    const assessment = await s.assessment('INSURED', intervention, true);
    const hidden = await s.link(recommendation, assessment.id);
    const zin = (await inbox('zin.editor@example.org')).data!.myInbox;
    expect([
      await kindsOf('fms.editor@example.org', hidden.id),
      zin.nodes.filter((i: { subjectId: string }) => i.subjectId === hidden.id),
      zin.totalCount,
    ]).toEqual([['LINK_AWAITING_CONFIRMATION'], [], zin.nodes.length]);
  });

  it('shows a link on NEEDS_REVIEW to both sides', async () => {
    const intervention = await s.intervention('Inbox review');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const l = await s.link(recommendation, assessment.id);
    await s.confirm(l.id, 'GUIDELINE_OWNER');
    await s.confirm(l.id, 'ASSESSOR');
    expect(await kindsOf('fms.editor@example.org', l.id)).toEqual([]);
    await s.updateAssessment(assessment.id, assessment.version, 'NOT_INSURED');
    expect(await kindsOf('fms.editor@example.org', l.id)).toEqual(['LINK_NEEDS_REVIEW']);
    expect(await kindsOf('zin.editor@example.org', l.id)).toEqual(['LINK_NEEDS_REVIEW']);
  });

  it('shows a disputed link to the assessor, who resolves it, and to neither side as awaiting confirmation', async () => {
    const intervention = await s.intervention('Betwist in de inbox');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const disputed = await s.link(recommendation, assessment.id);
    const fms = await asUser(app, 'fms.editor@example.org');
    const res = await app.gql(
      `mutation($input: DisputeSynergyLinkInput!) { disputeSynergyLink(input: $input) { version } }`,
      { input: { id: disputed.id, version: disputed.version, side: 'GUIDELINE_OWNER', reason: 'Ander bewijs' } },
      fms,
    );
    expect(res.errors).toBeUndefined();
    expect(await kindsOf('zin.editor@example.org', disputed.id)).toEqual(['LINK_DISPUTED']);
    expect(await kindsOf('fms.editor@example.org', disputed.id)).toEqual([]);
    const resolved = await app.gql(
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { version } }`,
      { input: { id: disputed.id, version: disputed.version + 1, resolution: 'Besproken' } },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(resolved.errors).toBeUndefined();
    // Resolved, it waits for both sides' confirmation again.
    expect(await kindsOf('zin.editor@example.org', disputed.id)).toEqual(['LINK_AWAITING_CONFIRMATION']);
    expect(await kindsOf('fms.editor@example.org', disputed.id)).toEqual(['LINK_AWAITING_CONFIRMATION']);
  });

  it('shows a link again, unread, once its dispute is resolved, and keeps when it began waiting', async () => {
    const intervention = await s.intervention('Betwist en weer gelezen');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const l = await s.link(recommendation, assessment.id);
    const zin = 'zin.editor@example.org';
    const pendingSince = async () =>
      (await app.gql(`query($id: ID!) { synergyLink(id: $id) { pendingSince } }`, { id: l.id }, await asUser(app, zin)))
        .data!.synergyLink.pendingSince as string;
    const waiting = async () =>
      (await items(zin)).filter((i) => i.subjectId === l.id).map((i) => ({ kind: i.kind, key: i.key, read: i.read }));
    const [before] = await waiting();
    const since = await pendingSince();
    const marked = await app.gql(
      `mutation($input: MarkInboxItemsReadInput!) { markInboxItemsRead(input: $input) }`,
      { input: { keys: [before!.key] } },
      await asUser(app, zin),
    );
    expect(marked.data!.markInboxItemsRead).toBe(1);
    const disputed = await app.gql(
      `mutation($input: DisputeSynergyLinkInput!) { disputeSynergyLink(input: $input) { version } }`,
      { input: { id: l.id, version: l.version, side: 'GUIDELINE_OWNER', reason: 'Ander bewijs' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(disputed.errors).toBeUndefined();
    // Resolved without a new alignment: the link waits for confirmation again, from the resolution.
    const resolved = await app.gql(
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { version } }`,
      { input: { id: l.id, version: l.version + 1, resolution: 'Besproken' } },
      await asUser(app, zin),
    );
    expect(resolved.errors).toBeUndefined();
    const after = await waiting();
    expect(after).toEqual([{ kind: 'LINK_AWAITING_CONFIRMATION', key: expect.any(String), read: false }]);
    expect(after[0]!.key).not.toBe(before!.key);
    // The link itself still reports when it began waiting.
    expect(await pendingSince()).toBe(since);
  });

  it('names, for a person on both sides of a link, the side that still waits; the party filter agrees', async () => {
    const person = 'beide.kanten@example.org';
    await app.dataSource.query(
      `WITH u AS (INSERT INTO "user" (email, name) VALUES ($1, 'Beide Kanten') RETURNING id)
       INSERT INTO membership (user_id, party_id, role)
       SELECT u.id, p.id, 'VIEWER' FROM u, party p WHERE p.key IN ('fms', 'zorginstituut')`,
      [person],
    );
    const intervention = await s.intervention('Beide kanten in de inbox');
    const guideline = await s.guideline();
    const ownerFirst = await s.recommendation(guideline.id, 'DO', intervention);
    const assessorFirst = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const byOwner = await s.link(ownerFirst, assessment.id);
    const byAssessor = await s.link(assessorFirst, assessment.id);
    const partiesOf = async (partyIds?: string[]) =>
      (
        (await inbox(person, { filter: partyIds ? { partyIds } : null })).data!.myInbox.nodes as {
          key: string;
          subjectId: string;
          party: { key: string };
        }[]
      )
        .filter((i) => [byOwner.id, byAssessor.id].includes(i.subjectId))
        .map((i) => [i.subjectId === byOwner.id ? 'byOwner' : 'byAssessor', i.party.key, i.key]);
    // Both sides wait: one item per link, under each of the person's parties, with one key.
    const both = await partiesOf();
    const keyOf = (name: string) => both.find(([n]) => n === name)![2];
    expect(both.sort()).toEqual([
      ['byAssessor', 'fms', keyOf('byAssessor')],
      ['byOwner', 'fms', keyOf('byOwner')],
    ]);
    expect((await partiesOf([s.ids.zorginstituut!])).sort()).toEqual([
      ['byAssessor', 'zorginstituut', keyOf('byAssessor')],
      ['byOwner', 'zorginstituut', keyOf('byOwner')],
    ]);

    await s.confirm(byOwner.id, 'GUIDELINE_OWNER');
    await s.confirm(byAssessor.id, 'ASSESSOR');
    expect((await partiesOf()).sort()).toEqual([
      ['byAssessor', 'fms', keyOf('byAssessor')],
      ['byOwner', 'zorginstituut', keyOf('byOwner')],
    ]);
    expect(await partiesOf([s.ids.zorginstituut!])).toEqual([['byOwner', 'zorginstituut', keyOf('byOwner')]]);
    expect(await partiesOf([s.ids.fms!])).toEqual([['byAssessor', 'fms', keyOf('byAssessor')]]);
  });

  it('gives, for every state of a link, the items the rule names, to each side and to a person on both', async () => {
    // Sixteen links on one guideline and assessment, one per state: owner confirmed or not, assessor confirmed
    // or not, NEEDS_REVIEW or not, disputed or not. The expected items are worked out here from the rule
    // (myInbox's documentation) and compared with the inbox of FMS's editor (owner side), Zorginstituut's
    // (assessor side) and a person in both parties.
    const person = 'alle.standen@example.org';
    await app.dataSource.query(
      `WITH u AS (INSERT INTO "user" (email, name) VALUES ($1, 'Alle Standen') RETURNING id)
       INSERT INTO membership (user_id, party_id, role)
       SELECT u.id, p.id, 'VIEWER' FROM u, party p WHERE p.key IN ('fms', 'zorginstituut')`,
      [person],
    );
    const intervention = await s.intervention('Elke stand van een koppeling');
    const guideline = await s.guideline();
    const states = [...Array(16).keys()].map((n) => ({
      ownerConfirmed: (n & 1) > 0,
      assessorConfirmed: (n & 2) > 0,
      needsReview: (n & 4) > 0,
      disputed: (n & 8) > 0,
    }));
    const recommendations: string[] = [];
    for (const _ of states) recommendations.push(await s.recommendation(guideline.id, 'DO', intervention));
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const links: { id: string; version: number }[] = [];
    for (const r of recommendations) links.push(await s.link(r, assessment.id));
    for (const [i, state] of states.entries()) {
      await app.dataSource.query(
        `UPDATE synergy_link SET owner_confirmed_at = CASE WHEN $2 THEN now() END,
                assessor_confirmed_at = CASE WHEN $3 THEN now() END,
                alignment = CASE WHEN $4 THEN 'NEEDS_REVIEW' ELSE 'ALIGNED' END::synergy_alignment,
                dispute_side = CASE WHEN $5 THEN 'GUIDELINE_OWNER' END::synergy_link_side,
                disputed_at = CASE WHEN $5 THEN now() END
          WHERE id = $1`,
        [
          decodeIdOf('SynergyLink', links[i]!.id),
          state.ownerConfirmed,
          state.assessorConfirmed,
          state.needsReview,
          state.disputed,
        ],
      );
    }
    const expected = (sides: { owner?: string; assessor?: string }) =>
      states
        .flatMap((state, i) => {
          const id = links[i]!.id;
          const out: [string, string, string][] = [];
          if (!state.needsReview && !state.disputed) {
            if (sides.owner && !state.ownerConfirmed) out.push([id, 'LINK_AWAITING_CONFIRMATION', sides.owner]);
            else if (sides.assessor && !state.assessorConfirmed)
              out.push([id, 'LINK_AWAITING_CONFIRMATION', sides.assessor]);
          }
          if (state.disputed && sides.assessor) out.push([id, 'LINK_DISPUTED', sides.assessor]);
          if (state.needsReview) out.push([id, 'LINK_NEEDS_REVIEW', (sides.owner ?? sides.assessor)!]);
          return out;
        })
        .sort();
    const actual = async (email: string) =>
      ((await inbox(email)).data!.myInbox.nodes as { subjectId: string; kind: string; party: { key: string } }[])
        .filter((i) => links.some((l) => l.id === i.subjectId))
        .map((i) => [i.subjectId, i.kind, i.party.key])
        .sort();
    expect(await actual('fms.editor@example.org')).toEqual(expected({ owner: 'fms' }));
    expect(await actual('zin.editor@example.org')).toEqual(expected({ assessor: 'zorginstituut' }));
    expect(await actual(person)).toEqual(expected({ owner: 'fms', assessor: 'zorginstituut' }));
    // Every kind and both parties occur, so the comparison above says something about each branch.
    const all = expected({ owner: 'fms', assessor: 'zorginstituut' });
    expect(new Set(all.map(([, kind, party]) => `${kind} ${party}`))).toEqual(
      new Set([
        'LINK_AWAITING_CONFIRMATION fms',
        'LINK_AWAITING_CONFIRMATION zorginstituut',
        'LINK_DISPUTED zorginstituut',
        'LINK_NEEDS_REVIEW fms',
      ]),
    );
  });

  it('shows our overdue deliverable and milestone to us, not to others', async () => {
    const mine = await items('zin.editor@example.org', { filter: { kinds: ['DELIVERABLE_OVERDUE'] } });
    expect(mine.map((i) => i.subjectId)).toContain(overdue.id);
    const milestones = await items('zin.editor@example.org', { filter: { kinds: ['MILESTONE_OVERDUE'] } });
    expect(milestones.map((i) => i.kind)).toContain('MILESTONE_OVERDUE');
    expect(await kindsOf('fms.editor@example.org', overdue.id)).toEqual([]);
  });

  it('names, for a deliverable owned by a kind of party, the viewer’s party of that kind', async () => {
    const ownedBy = async (kind: string) =>
      (
        await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
          title: `Opleverpunt van ${kind} over tijd (inbox)`,
          ownerPartyKinds: [kind],
          due: span(day(-30), day(-3)),
        })
      ).createDeliverable.id as string;
    const insurers = await ownedBy('INSURER');
    const associations = await ownedBy('SCIENTIFIC_ASSOCIATION');
    // A member of two scientific associations (fms, nhg) and of an insurer: whichever party comes first,
    // one of the two deliverables is not of its kind.
    await app.dataSource.query(
      `INSERT INTO membership (user_id, party_id, role)
       SELECT u.id, p.id, 'VIEWER' FROM "user" u, party p WHERE u.email = 'multi@example.org' AND p.key = 'zn'`,
    );
    const mine = (await inbox('multi@example.org', { filter: { kinds: ['DELIVERABLE_OVERDUE'] } })).data!.myInbox
      .nodes as { subjectId: string; party: { key: string } }[];
    const partyOf = (id: string) => mine.filter((i) => i.subjectId === id).map((i) => i.party.key);
    expect(partyOf(insurers)).toEqual(['zn']);
    expect(partyOf(associations)).toHaveLength(1);
    expect(['fms', 'nhg']).toContain(partyOf(associations)[0]);
  });

  it('narrows to one of a person’s parties: what waits for both shows under each, another party adds nothing', async () => {
    const overdueFor = async (title: string, owners: string[]) =>
      (
        await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
          title,
          ownerPartyIds: owners,
          due: span(day(-30), day(-3)),
        })
      ).createDeliverable.id as string;
    const both = await overdueFor('Opleverpunt van NHG en FMS (inbox)', [s.ids.nhg!, s.ids.fms!]);
    const nhgOnly = await overdueFor('Opleverpunt van NHG (inbox)', [s.ids.nhg!]);
    const person = 'multi@example.org';
    const inboxOf = async (partyIds?: string[]) =>
      (await inbox(person, { filter: partyIds ? { partyIds } : null })).data!.myInbox as {
        totalCount: number;
        nodes: { subjectId: string; party: { key: string } }[];
      };
    const ours = (box: Awaited<ReturnType<typeof inboxOf>>) =>
      box.nodes.filter((n) => [both, nhgOnly].includes(n.subjectId)).map((n) => [n.subjectId, n.party.key]);
    expect(ours(await inboxOf())).toHaveLength(2);
    expect(ours(await inboxOf([s.ids.nhg!]))).toEqual(
      expect.arrayContaining([
        [both, 'nhg'],
        [nhgOnly, 'nhg'],
      ]),
    );
    expect(ours(await inboxOf([s.ids.fms!]))).toEqual([[both, 'fms']]);
    expect((await inboxOf([s.ids.zorginstituut!])).totalCount).toBe(0);
    const MINE = `query($partyIds: [ID!]) { myDeliverables(first: 100, partyIds: $partyIds) { totalCount nodes { id } } }`;
    const mine = async (partyIds?: string[]) =>
      (await app.gql(MINE, { partyIds }, await asUser(app, person))).data!.myDeliverables as {
        totalCount: number;
        nodes: { id: string }[];
      };
    const ids = async (partyIds?: string[]) => (await mine(partyIds)).nodes.map((n) => n.id);
    expect(await ids([s.ids.nhg!])).toEqual(expect.arrayContaining([both, nhgOnly]));
    expect(await ids([s.ids.fms!])).toContain(both);
    expect(await ids([s.ids.fms!])).not.toContain(nhgOnly);
    expect((await mine([s.ids.zorginstituut!])).totalCount).toBe(0);
    // Without partyIds: what each of the person's parties has, together.
    const { data } = await app.gql(`{ me { memberships { party { id } } } }`, {}, await asUser(app, person));
    const byParty = new Set<string>();
    for (const m of data!.me.memberships as { party: { id: string } }[])
      for (const id of await ids([m.party.id])) byParty.add(id);
    const all = await mine();
    expect(all.totalCount).toBeLessThanOrEqual(100);
    expect(byParty).toEqual(new Set(all.nodes.map((n) => n.id)));
  });

  it('marks items read per person, and counts per kind', async () => {
    const before = (await inbox('zin.editor@example.org')).data!.myInbox;
    const item = before.nodes.find((i: any) => i.subjectId === overdue.id);
    const marked = await app.gql(
      `mutation($input: MarkInboxItemsReadInput!) { markInboxItemsRead(input: $input) }`,
      { input: { keys: [item.key] } },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(marked.data!.markInboxItemsRead).toBe(1);
    const after = (await inbox('zin.editor@example.org')).data!.myInbox;
    const count = (box: any) => box.countsByKind.find((c: any) => c.kind === 'DELIVERABLE_OVERDUE');
    expect(count(after)).toEqual({ ...count(before), unread: count(before).unread - 1 });
    const unread = await items('zin.editor@example.org', { filter: { unread: true } });
    expect(unread.map((i) => i.key)).not.toContain(item.key);
    // Another member of the same party still has it unread.
    const colleague = await items('zin.viewer@example.org');
    expect(colleague.find((i) => i.key === item.key)?.read).toBe(false);
  });

  it('marks read only what is in the inbox now, and refuses keys of no inbox kind', async () => {
    const headers = await asUser(app, 'zin.editor@example.org');
    const MARK = `mutation($input: MarkInboxItemsReadInput!) { markInboxItemsRead(input: $input) }`;
    const item = (await items('zin.editor@example.org')).find((i) => i.subjectId === overdue.id)!;
    // A subject nobody has, and a real item's subject with another moment: neither is in the inbox.
    const made = ['DELIVERABLE_OVERDUE:00000000-0000-4000-8000-000000000000:1', item.key.replace(/:\d+$/, ':5')];
    const rowsOf = () =>
      app.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox_read r JOIN "user" u ON u.id = r.user_id WHERE u.email = $1`,
        ['zin.editor@example.org'],
      );
    const before = await rowsOf();
    const marked = await app.gql(MARK, { input: { keys: made } }, headers);
    expect(marked.errors).toBeUndefined();
    expect(marked.data!.markInboxItemsRead).toBe(0);
    expect(await rowsOf()).toEqual(before);
    const unknown = await app.gql(MARK, { input: { keys: [made[0], `NOPE:${item.key.split(':')[1]}:1`] } }, headers);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keys.1' });
  });

  it('pages oldest first without repeats', async () => {
    const all = await items('zin.editor@example.org');
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const box: any = (await inbox('zin.editor@example.org', { first: 2, after })).data!.myInbox;
      paged.push(...box.nodes.map((n: any) => n.key));
      if (!box.pageInfo.hasNextPage) break;
      after = box.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.map((i) => i.key));
  });

  it('reads subjects and parties of a page in a constant number of statements', async () => {
    const headers = await asUser(app, 'zin.editor@example.org');
    // One kind, so both pages reach the same record types (one batched read each): only the rows differ.
    const filter = { kinds: ['DELIVERABLE_OVERDUE'] };
    const count = async (first: number) =>
      (await app.countQueries(() => app.gql(INBOX, { first, filter }, headers))).count;
    const total = (await inbox('zin.editor@example.org', { filter })).data!.myInbox.totalCount;
    expect(total).toBeGreaterThan(3);
    expect(await count(total)).toBe(await count(2));
  });

  it.each([
    ['anonymous', null, {}, 'UNAUTHENTICATED'],
    ['a forged cursor', 'zin.editor@example.org', { after: 'bm9wZQ' }, 'BAD_USER_INPUT'],
    ['a page too large', 'zin.editor@example.org', { first: 1000 }, 'BAD_USER_INPUT'],
  ])('refuses %s', async (_what, email, variables, code) => {
    const res = await inbox(email, variables);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  });
});
