import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * The audit list gives a party's members, and the party filter gives VWS, exactly the entries node(id:) gives those
 * members (the rule in code: mayReadAuditEvent with the parties of each record), with a totalCount to match, through
 * every way the rule has: the owner or acting party named, a link one of them is a side of (a removed one by the
 * ends its DELETE entry records), a deliverable, milestone or status update one of them answers for (named owner,
 * lead, owning kind), the owner change of a programme or deliverable that took it from one of them, a package signal
 * one of them raised or co-signed, an invitation to co-own a guideline one of them reads, a guideline one of them
 * owns or whose owner change took it from one of them, and a recommendation of such a guideline (by its row, by the
 * guideline its entry records, removed). Beside each, an entry just outside that way, which nobody of them reads.
 */
let app: TestApp;
const party: Record<string, string> = {};
/** The entries made here, by what they are: those `seen` by FMS and NHG, and those `unseen`. */
const entries: { seen: Record<string, string>; unseen: Record<string, string> } = { seen: {}, unseen: {} };

const MULTI = 'multi@example.org'; // member of FMS and of NHG
const FMS = 'fms.viewer@example.org';
const VWS = 'vws.viewer@example.org';

beforeAll(async () => {
  app = await createTestApp();
  const q = async (sql: string, params: unknown[] = []) => (await app.dataSource.query(sql, params)) as any[];
  for (const row of await q(
    `SELECT key, id FROM party WHERE key IN ('fms', 'nhg', 'zn', 'mdl-artsen', 'zorginstituut')`,
  ))
    party[row.key] = row.id;
  const { fms, nhg, zn, zorginstituut: zin } = party;
  const mdl = party['mdl-artsen'];
  const one = async (sql: string, params: unknown[] = []) => (await q(sql, params))[0].id as string;
  const uuid = () => crypto.randomUUID();

  // Guidelines: FMS's, NHG's, another association's (published and a draft), and one an owner change took from NHG.
  const guideline = async (key: string, status: string, owners: string[]) => {
    const id = await one(`INSERT INTO guideline (key, title, status) VALUES ($1, $1, $2) RETURNING id`, [key, status]);
    for (const owner of owners)
      await q('INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2)', [id, owner]);
    return id;
  };
  const gFms = await guideline('ways-fms', 'PUBLISHED', [fms]);
  const gNhg = await guideline('ways-nhg', 'PUBLISHED', [nhg]);
  const gOther = await guideline('ways-other', 'PUBLISHED', [mdl]);
  const gOtherDraft = await guideline('ways-other-draft', 'IN_DEVELOPMENT', [mdl]);
  const gTaken = await guideline('ways-taken', 'PUBLISHED', [mdl]);
  const assessment = await one(
    `SELECT id FROM package_assessment WHERE published AND assessor_party_id = $1 ORDER BY key LIMIT 1`,
    [zin],
  );
  const link = (guidelineId: string) =>
    one(
      `INSERT INTO synergy_link (guideline_id, assessment_id, link_type, alignment)
       VALUES ($1, $2, 'SHARED_EVIDENCE', 'ALIGNED') RETURNING id`,
      [guidelineId, assessment],
    );
  const recommendation = (key: string, guidelineId: string) =>
    one(`INSERT INTO recommendation (key, guideline_id, text, kind) VALUES ($1, $2, 'Doe A.', 'DO') RETURNING id`, [
      key,
      guidelineId,
    ]);
  const invitation = (guidelineId: string, invited: string, by: string) =>
    one(
      `INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id)
       VALUES ($1, $2, $3) RETURNING id`,
      [guidelineId, invited, by],
    );
  const signal = async (raising: string, coSigner: string | null) => {
    const id = await one(
      `INSERT INTO package_signal (raising_party_id, addressee_party_id, kind, title, description)
       VALUES ($1, $2, 'SIGNAL', 'Signaal', 'Tekst') RETURNING id`,
      [raising, zin],
    );
    if (coSigner) await q('INSERT INTO package_signal_co_signer (signal_id, party_id) VALUES ($1, $2)', [id, coSigner]);
    return id;
  };
  // Deliverables nobody of FMS and NHG answers for yet; then one named owner, one lead, one owning kind, one other.
  const [dFms, dLead, dKind, dOther] = (
    await q(
      `SELECT d.id FROM deliverable d
        WHERE d.lead_party_id IS NULL AND cardinality(d.owner_party_kinds) = 0
          AND NOT EXISTS (SELECT 1 FROM deliverable_owner o WHERE o.deliverable_id = d.id AND o.party_id = ANY($1))
        ORDER BY d.key LIMIT 4`,
      [[fms, nhg]],
    )
  ).map((d) => d.id as string);
  await q('INSERT INTO deliverable_owner (deliverable_id, party_id) VALUES ($1, $2)', [dFms, fms]);
  await q('UPDATE deliverable SET lead_party_id = $2 WHERE id = $1', [dLead, nhg]);
  await q(`UPDATE deliverable SET owner_party_kinds = '{SCIENTIFIC_ASSOCIATION}' WHERE id = $1`, [dKind]);
  await q('INSERT INTO deliverable_owner (deliverable_id, party_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    dOther,
    zn,
  ]);
  const milestone = (deliverableId: string) =>
    one(`INSERT INTO milestone (deliverable_id, title) VALUES ($1, 'Mijlpaal') RETURNING id`, [deliverableId]);
  const update = (deliverableId: string) =>
    one(`INSERT INTO status_update (deliverable_id, health, text) VALUES ($1, 'ON_TRACK', 'Loopt') RETURNING id`, [
      deliverableId,
    ]);
  const programme = await one('SELECT id FROM programme ORDER BY key LIMIT 1');

  const change = (field: string, before: unknown, after: unknown) => [{ field, before, after }];
  const recorded = (guidelineId: string, side: 'before' | 'after') => [
    { field: 'text', before: side === 'before' ? 'Doe A.' : null, after: side === 'after' ? 'Doe A.' : null },
    {
      field: 'guidelineId',
      before: side === 'before' ? guidelineId : null,
      after: side === 'after' ? guidelineId : null,
    },
  ];
  const removedLink = (guidelineId: string) => [
    { field: 'guidelineId', before: guidelineId, after: null },
    { field: 'assessmentId', before: assessment, after: null },
  ];
  const [goneLinkNhg, goneLinkOther, goneRecFms, goneRecOther] = [uuid(), uuid(), uuid(), uuid()];
  // [label, seen by FMS and NHG, entity type, entity id, action, changes, owner party, acting party]
  const rows: [string, boolean, string, string, string, unknown[], string | null, string | null][] = [
    ['owned by FMS', true, 'Test', uuid(), 'TEST', [], fms, null],
    ['by NHG', true, 'Test', uuid(), 'TEST', [], null, nhg],
    ['on and by ZN', false, 'Test', uuid(), 'TEST', [], zn, zn],
    ['link of FMS', true, 'SynergyLink', await link(gFms), 'UPDATE', [], null, null],
    ['link of others', false, 'SynergyLink', await link(gOther), 'UPDATE', [], null, null],
    ['removed link of NHG, edit', true, 'SynergyLink', goneLinkNhg, 'CONFIRM', [], null, null],
    ['removed link of NHG', true, 'SynergyLink', goneLinkNhg, 'DELETE', removedLink(gNhg), null, null],
    ['removed link of others', false, 'SynergyLink', goneLinkOther, 'DELETE', removedLink(gOther), null, null],
    ['deliverable FMS owns', true, 'Deliverable', dFms, 'UPDATE', [], null, null],
    ['deliverable NHG leads', true, 'Deliverable', dLead, 'UPDATE', [], null, null],
    ['deliverable of their kind', true, 'Deliverable', dKind, 'UPDATE', [], null, null],
    ['deliverable of ZN', false, 'Deliverable', dOther, 'UPDATE', [], null, null],
    ['milestone of FMS', true, 'Milestone', await milestone(dFms), 'UPDATE', [], null, null],
    ['milestone of ZN', false, 'Milestone', await milestone(dOther), 'UPDATE', [], null, null],
    ['status update of FMS', true, 'StatusUpdate', await update(dFms), 'CREATE', [], null, null],
    ['status update of ZN', false, 'StatusUpdate', await update(dOther), 'CREATE', [], null, null],
    [
      'owners change taking FMS',
      true,
      'Deliverable',
      dOther,
      'UPDATE',
      change('ownerPartyIds', [fms, zn], [zn]),
      null,
      null,
    ],
    ['lead change taking NHG', true, 'Deliverable', dOther, 'UPDATE', change('leadPartyId', nhg, null), null, null],
    [
      'kinds change taking theirs',
      true,
      'Deliverable',
      dOther,
      'UPDATE',
      change('ownerPartyKinds', ['SCIENTIFIC_ASSOCIATION'], []),
      null,
      null,
    ],
    [
      'owners change giving FMS',
      false,
      'Deliverable',
      dOther,
      'UPDATE',
      change('ownerPartyIds', [zn], [zn, fms]),
      null,
      null,
    ],
    ['deliverable created', false, 'Deliverable', dOther, 'CREATE', change('ownerPartyIds', null, [zn]), null, null],
    ['programme taken from FMS', true, 'Programme', programme, 'UPDATE', change('ownerPartyId', fms, zn), null, null],
    ['programme given to FMS', false, 'Programme', programme, 'UPDATE', change('ownerPartyId', zn, fms), null, null],
    ['signal NHG co-signed', true, 'PackageSignal', await signal(zn, nhg), 'UPDATE', [], null, null],
    ['signal FMS raised', true, 'PackageSignal', await signal(fms, null), 'UPDATE', [], null, null],
    ['signal of ZN', false, 'PackageSignal', await signal(zn, null), 'UPDATE', [], null, null],
    [
      'invitation to FMS',
      true,
      'GuidelineOwnerInvitation',
      await invitation(gOther, fms, mdl),
      'CREATE',
      [],
      null,
      null,
    ],
    ['invitation by NHG', true, 'GuidelineOwnerInvitation', await invitation(gNhg, zn, nhg), 'CREATE', [], null, null],
    [
      'invitation of others',
      false,
      'GuidelineOwnerInvitation',
      await invitation(gOther, zn, mdl),
      'CREATE',
      [],
      null,
      null,
    ],
    ['guideline of FMS', true, 'Guideline', gFms, 'UPDATE', [], null, null],
    ['guideline of others', false, 'Guideline', gOther, 'UPDATE', [], null, null],
    [
      'guideline taken from NHG',
      true,
      'Guideline',
      gTaken,
      'UPDATE',
      change('ownerPartyIds', [nhg, mdl], [mdl]),
      null,
      null,
    ],
    [
      'draft taken from FMS',
      false,
      'Guideline',
      gOtherDraft,
      'UPDATE',
      change('ownerPartyIds', [fms, mdl], [mdl]),
      null,
      null,
    ],
    [
      'guideline given to ZN',
      false,
      'Guideline',
      gOther,
      'UPDATE',
      change('ownerPartyIds', [mdl], [mdl, zn]),
      null,
      null,
    ],
    [
      'recommendation of FMS',
      true,
      'Recommendation',
      await recommendation('ways-r-fms', gFms),
      'UPDATE',
      [],
      null,
      null,
    ],
    [
      'recommendation of others',
      false,
      'Recommendation',
      await recommendation('ways-r-other', gOther),
      'UPDATE',
      [],
      null,
      null,
    ],
    ['recommendation recorded on NHG', true, 'Recommendation', uuid(), 'CREATE', recorded(gNhg, 'after'), null, null],
    [
      'recommendation recorded on others',
      false,
      'Recommendation',
      uuid(),
      'CREATE',
      recorded(gOther, 'after'),
      null,
      null,
    ],
    ['removed recommendation of FMS, edit', true, 'Recommendation', goneRecFms, 'UPDATE', [], null, null],
    [
      'removed recommendation of FMS',
      true,
      'Recommendation',
      goneRecFms,
      'DELETE',
      recorded(gFms, 'before'),
      null,
      null,
    ],
    ['removed recommendation of others, edit', false, 'Recommendation', goneRecOther, 'UPDATE', [], null, null],
    [
      'removed recommendation of others',
      false,
      'Recommendation',
      goneRecOther,
      'DELETE',
      recorded(gOther, 'before'),
      null,
      null,
    ],
  ];
  for (const [label, seen, type, id, action, changes, owner, acting] of rows) {
    const eventId = await one(
      `INSERT INTO audit_event (entity_type, entity_id, action, changes, owner_party_id, acting_party_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [type, id, action, JSON.stringify(changes), owner, acting],
    );
    (seen ? entries.seen : entries.unseen)[label] = eventId;
  }
});
afterAll(() => app.close());

const LIST = `query($after: String, $filter: AuditEventFilter) {
  auditEvents(first: 100, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id occurredAt }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string; occurredAt: string }[];
}

/** Every page of the list as `email` reads it: the entries in list order, and the totalCount of each page. */
async function list(email: string, filter: Record<string, unknown> | null = null) {
  const headers = await asUser(app, email);
  const nodes: { id: string; occurredAt: string }[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  do {
    const res = await app.gql<{ auditEvents: Page }>(LIST, { after, filter }, headers);
    expect(res.errors).toBeUndefined();
    const page: Page = res.data!.auditEvents;
    totals.add(page.totalCount);
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return { ids: nodes.map((n) => n.id), times: nodes.map((n) => n.occurredAt), totals: [...totals] };
}

/** The entries node(id:) gives `email`, of all there are (VWS reads them all). */
async function readByNode(email: string): Promise<string[]> {
  const headers = await asUser(app, email);
  const read: string[] = [];
  for (const id of (await list(VWS)).ids)
    if ((await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, headers)).data!.node) read.push(id);
  return read.sort();
}

const asGlobal = (ids: Record<string, string>) => Object.values(ids).map((id) => toGlobalId('AuditEvent', id));

describe.each([
  ['a member of FMS and NHG', MULTI, ['fms', 'nhg']],
  ['a member of FMS', FMS, ['fms']],
])('%s', (_, email, parties) => {
  let byNode: string[];
  beforeAll(async () => {
    byNode = await readByNode(email);
  });

  it('lists exactly the entries node(id:) gives it, newest first, and counts them', async () => {
    const { ids, times, totals } = await list(email);
    expect([...ids].sort()).toEqual(byNode);
    expect(totals).toEqual([byNode.length]);
    expect(times).toEqual([...times].sort().reverse());
    expect(ids.filter((id) => asGlobal(entries.unseen).includes(id))).toEqual([]);
  });

  it('is what the party filter gives VWS for its parties', async () => {
    const filter = { partyIds: parties.map((key) => toGlobalId('Party', party[key]!)) };
    const { ids, totals } = await list(VWS, filter);
    expect([...ids].sort()).toEqual(byNode);
    expect(totals).toEqual([byNode.length]);
  });
});

it('gives a member of FMS and NHG the entry of every way made here, and none beside them', async () => {
  const { ids } = await list(MULTI);
  expect(ids).toEqual(expect.arrayContaining(asGlobal(entries.seen)));
  expect(ids.filter((id) => asGlobal(entries.unseen).includes(id))).toEqual([]);
});
