import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';

/**
 * Co-signing a package signal by consent: a party the raising party names is asked (PENDING) until an editor of it
 * accepts or declines. While asked it reads the signal (to decide) and finds the request in its inbox, but is not
 * listed as a co-signer; accepting lists it, declining (or a withdrawal by the raiser) takes its reading away.
 */
let app: TestApp;
let parties: Record<string, string>;

const ZN = 'zn.editor@example.org';
const ZN_CONTRIBUTOR = 'zn.contributor@example.org';
const ZIN = 'zin.editor@example.org';
const VWS = 'vws.viewer@example.org';
const FMS = 'fms.editor@example.org';
/** An editor and a viewer of a second insurer, made here: the seed holds one insurer (ZN). */
const CO_SIGNER = 'cosign.editor@example.org';
const CO_SIGNER_VIEWER = 'cosign.viewer@example.org';

beforeAll(async () => {
  app = await createTestApp();
  const [insurer] = await app.dataSource.query(
    `INSERT INTO party (key, name, kind, synthetic) VALUES ('cosign-insurer', 'Verzekeraar C', 'INSURER', true) RETURNING id`,
  );
  for (const [email, role] of [
    [CO_SIGNER, 'EDITOR'],
    [CO_SIGNER_VIEWER, 'VIEWER'],
  ]) {
    const [user] = await app.dataSource.query(
      `INSERT INTO "user" (email, name, synthetic) VALUES ($1, $1, true) RETURNING id`,
      [email],
    );
    await app.dataSource.query(`INSERT INTO membership (user_id, party_id, role) VALUES ($1, $2, $3)`, [
      user.id,
      insurer.id,
      role,
    ]);
  }
  parties = await idsByKey(app, 'Party', 'party');
});
afterAll(() => app.close());

async function call(email: string | null, query: string, variables: Record<string, unknown> = {}) {
  return app.gql(query, variables, await asUser(app, email));
}

async function ok(email: string, query: string, input: Record<string, unknown>) {
  const res = await call(email, query, { input });
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return Object.values(res.data!)[0] as Record<string, any>;
}

const FIELDS = `id version status title coSigningParties { key }
  coSignerInvitations { party { key } status decidedAt mayAnswer }`;
const RAISE = `mutation($input: RaisePackageSignalInput!) { raisePackageSignal(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdatePackageSignalInput!) { updatePackageSignal(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($input: DecidePackageSignalCoSigningInput!) { acceptPackageSignalCoSigning(input: $input) { ${FIELDS} } }`;
const DECLINE = `mutation($input: DecidePackageSignalCoSigningInput!) { declinePackageSignalCoSigning(input: $input) { ${FIELDS} } }`;
const WITHDRAW = `mutation($input: WithdrawPackageSignalCoSigningInput!) { withdrawPackageSignalCoSigning(input: $input) { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on PackageSignal { ${FIELDS} } } }`;

let counter = 0;
const raise = (extra: Record<string, unknown> = {}) =>
  ok(ZN, RAISE, {
    kind: 'ZORG_ADVIES_TRAJECT',
    title: `Zorg Advies Traject ${++counter}`,
    description: 'Samen met een andere verzekeraar uitgevoerd.',
    coSigningPartyIds: [parties['cosign-insurer']],
    ...extra,
  });

const node = async (email: string | null, id: string) => {
  const res = await call(email, NODE, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.node as Record<string, any> | null;
};
const listed = async (email: string, id: string) => {
  const res = await call(email, `{ packageSignals(first: 100) { nodes { id } } }`);
  expect(res.errors).toBeUndefined();
  return (res.data!.packageSignals.nodes as { id: string }[]).some((n) => n.id === id);
};
const inbox = async (email: string) => {
  const res = await call(
    email,
    `{ myInbox(first: 100, filter: { kinds: [PACKAGE_SIGNAL_CO_SIGNING_INVITATION] }) { nodes { kind subjectId title party { key } } } }`,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.myInbox.nodes as { subjectId: string; title: string; party: { key: string } }[];
};
const feed = async (email: string, id: string) => {
  const res = await call(email, `query($f: EventFilter) { changes(first: 50, filter: $f) { nodes { type } } }`, {
    f: { subjectIds: [id] },
  });
  expect(res.errors).toBeUndefined();
  return (res.data!.changes.nodes as { type: string }[]).map((e) => e.type);
};

describe('an invitation to co-sign', () => {
  it('waits in the invited party’s inbox; it reads the signal but is not listed as a co-signer', async () => {
    const signal = await raise();
    expect(signal).toMatchObject({
      coSigningParties: [],
      coSignerInvitations: [{ party: { key: 'cosign-insurer' }, status: 'PENDING', decidedAt: null, mayAnswer: false }],
    });
    expect(await inbox(CO_SIGNER)).toContainEqual({
      kind: 'PACKAGE_SIGNAL_CO_SIGNING_INVITATION',
      subjectId: signal.id,
      title: signal.title,
      party: { key: 'cosign-insurer' },
    });
    for (const reader of [CO_SIGNER, CO_SIGNER_VIEWER]) {
      expect({ reader, read: (await node(reader, signal.id))?.coSigningParties }).toEqual({ reader, read: [] });
      expect({ reader, listed: await listed(reader, signal.id) }).toEqual({ reader, listed: true });
    }
    expect((await node(CO_SIGNER, signal.id))!.coSignerInvitations).toEqual([
      { party: { key: 'cosign-insurer' }, status: 'PENDING', decidedAt: null, mayAnswer: true },
    ]);
    // The addressee reads the signal, with who co-signs, not who was asked.
    expect(await node(ZIN, signal.id)).toMatchObject({ coSigningParties: [], coSignerInvitations: [] });
    expect(await feed(CO_SIGNER, signal.id)).toEqual(['PACKAGE_SIGNAL_RAISED']);
  });

  it('accepted by an editor of the invited party, lists it as a co-signer for every reader', async () => {
    const signal = await raise();
    const accepted = await ok(CO_SIGNER, ACCEPT, { id: signal.id, version: 1 });
    expect(accepted).toMatchObject({
      version: 2,
      coSigningParties: [{ key: 'cosign-insurer' }],
      coSignerInvitations: [{ status: 'ACCEPTED', mayAnswer: false }],
    });
    for (const reader of [ZN, ZIN, VWS, CO_SIGNER_VIEWER])
      expect({ reader, coSigners: (await node(reader, signal.id))?.coSigningParties }).toEqual({
        reader,
        coSigners: [{ key: 'cosign-insurer' }],
      });
    expect((await inbox(CO_SIGNER)).map((i) => i.subjectId)).not.toContain(signal.id);
    expect(await feed(ZN, signal.id)).toEqual(['PACKAGE_SIGNAL_RAISED', 'PACKAGE_SIGNAL_CO_SIGNING_ACCEPTED']);

    const again = await call(CO_SIGNER, ACCEPT, { input: { id: signal.id, version: 2 } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('declined, is not listed and the invited party no longer reads the signal', async () => {
    const signal = await raise();
    const declined = await ok(CO_SIGNER, DECLINE, { id: signal.id, version: 1 });
    expect(declined).toMatchObject({ version: 2, coSigningParties: [] });
    for (const outsider of [CO_SIGNER, CO_SIGNER_VIEWER]) {
      expect({ outsider, found: await node(outsider, signal.id) }).toEqual({ outsider, found: null });
      expect({ outsider, listed: await listed(outsider, signal.id) }).toEqual({ outsider, listed: false });
      expect({ outsider, events: await feed(outsider, signal.id) }).toEqual({ outsider, events: [] });
    }
    expect((await inbox(CO_SIGNER)).map((i) => i.subjectId)).not.toContain(signal.id);
    // The raising party sees the answer.
    expect((await node(ZN, signal.id))!.coSignerInvitations).toEqual([
      { party: { key: 'cosign-insurer' }, status: 'DECLINED', decidedAt: expect.any(String), mayAnswer: false },
    ]);
    const late = await call(CO_SIGNER, ACCEPT, { input: { id: signal.id, version: 2 } });
    expect(late.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('withdrawn by the raising party, takes the reading away; named again, it is asked again', async () => {
    const signal = await raise();
    const withdrawn = await ok(ZN, WITHDRAW, { id: signal.id, version: 1, partyId: parties['cosign-insurer'] });
    expect(withdrawn.coSignerInvitations).toEqual([
      { party: { key: 'cosign-insurer' }, status: 'WITHDRAWN', decidedAt: expect.any(String), mayAnswer: false },
    ]);
    expect(await node(CO_SIGNER, signal.id)).toBeNull();
    await ok(ZN, UPDATE, { id: signal.id, version: 2, coSigningPartyIds: [parties['cosign-insurer']] });
    expect((await node(CO_SIGNER, signal.id))!.coSignerInvitations).toMatchObject([{ status: 'PENDING' }]);
  });

  it('is recorded in the signal’s trail: who was asked, who co-signs', async () => {
    const signal = await raise();
    await ok(CO_SIGNER, ACCEPT, { id: signal.id, version: 1 });
    const res = await call(
      ZN,
      `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 10) { nodes { action actingParty { key } changes { field after } } } }`,
      { f: { entityId: signal.id } },
    );
    expect(res.errors).toBeUndefined();
    const byAction = Object.fromEntries(
      (res.data!.auditEvents.nodes as { action: string; changes: { field: string; after: unknown }[] }[]).map((n) => [
        n.action,
        Object.fromEntries(n.changes.map((c) => [c.field, c.after])),
      ]),
    );
    expect(byAction.RAISE).toMatchObject({ invitedCoSignerPartyIds: [parties['cosign-insurer']] });
    expect(byAction.RAISE).not.toHaveProperty('coSigningPartyIds');
    expect(byAction.ACCEPT_CO_SIGNING).toEqual({
      coSignerPartyId: parties['cosign-insurer'],
      coSigningPartyIds: [parties['cosign-insurer']],
      invitedCoSignerPartyIds: [],
    });
  });
});

describe('who answers', () => {
  it.each([
    ['the raising party’s editor', ZN, ACCEPT, 'FORBIDDEN'],
    ['the raising party’s contributor', ZN_CONTRIBUTOR, DECLINE, 'FORBIDDEN'],
    ['a viewer of the invited party', CO_SIGNER_VIEWER, ACCEPT, 'FORBIDDEN'],
    ['the Zorginstituut', ZIN, ACCEPT, 'FORBIDDEN'],
    ['an outsider', FMS, DECLINE, 'FORBIDDEN'],
    ['anonymous', null, ACCEPT, 'UNAUTHENTICATED'],
  ])('%s: %s', async (_who, email, mutation, code) => {
    const signal = await raise();
    const res = await call(email, mutation, { input: { id: signal.id, version: 1 } });
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(await node(ZN, signal.id)).toMatchObject({ version: 1, coSignerInvitations: [{ status: 'PENDING' }] });
  });

  it('only the raising party withdraws an invitation; a stale version is CONFLICT', async () => {
    const signal = await raise();
    const byInvitee = await call(CO_SIGNER, WITHDRAW, {
      input: { id: signal.id, version: 1, partyId: parties['cosign-insurer'] },
    });
    expect(byInvitee.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await ok(ZN, UPDATE, { id: signal.id, version: 1, title: 'Scherper' });
    const stale = await call(CO_SIGNER, ACCEPT, { input: { id: signal.id, version: 1 } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });

  it.each([
    ['a provider association on a Zorg Advies Traject', 'ZORG_ADVIES_TRAJECT', 'nvz', false],
    ['a provider association on a request for an assessment', 'ASSESSMENT_REQUEST', 'nvz', true],
    ['a scientific association on a request for an assessment', 'ASSESSMENT_REQUEST', 'fms', false],
  ])('naming %s: may co-sign %s', async (_what, kind, key, allowed) => {
    const res = await call(ZN, RAISE, {
      input: { kind, title: 'Samen', description: 'Samen ingediend.', coSigningPartyIds: [parties[key]] },
    });
    const error = res.errors?.[0]?.extensions;
    expect(error ? { code: error.code, field: error.field } : null).toEqual(
      allowed ? null : { code: 'BAD_USER_INPUT', field: 'input.coSigningPartyIds.0' },
    );
  });
});
