import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';

/**
 * Package signals (pakketsignalen): an insurer raises a package question to the Zorginstituut (signaalfunctie,
 * Zorg Advies Traject; insurers, provider associations and VWS a request for an assessment), which takes it up
 * into an assessment or declines it with its reasoning. Only the
 * members of the raising, co-signing and addressee (Zorginstituut) parties, VWS and operators read it, by every
 * path: the list, node(id:), the inbox, the change feed and the audit trail.
 */
let app: TestApp;
let parties: Record<string, string>;

const ZN = 'zn.editor@example.org';
const ZN_CONTRIBUTOR = 'zn.contributor@example.org';
const ZIN = 'zin.editor@example.org';
const ZIN_VIEWER = 'zin.viewer@example.org';
const ZIN_CONTRIBUTOR = 'zin.contributor@example.org';
const VWS = 'vws.viewer@example.org';
const PFN = 'pfn.contributor@example.org';
const FMS = 'fms.editor@example.org';
const NVZ = 'nvz.editor@example.org';
const NVZ_CONTRIBUTOR = 'nvz.contributor@example.org';
const VWS_EDITOR = 'vws.editor@example.org';
const VWS_CONTRIBUTOR = 'vws.contributor@example.org';
/** An editor of a second insurer, made here: the seed holds one insurer (ZN). */
const CO_SIGNER = 'signals.co-signer@example.org';
/** An editor of CVZ, made in the one test that needs a second party answering signals. */
const CVZ = 'signals.cvz@example.org';
/** An editor of both the Zorginstituut and CVZ, made in the one test about taking up into another's assessment. */
const TWO_MANAGERS = 'signals.two-managers@example.org';

beforeAll(async () => {
  app = await createTestApp();
  const [insurer] = await app.dataSource.query(
    `INSERT INTO party (key, name, kind, synthetic) VALUES ('signals-insurer', 'Verzekeraar B', 'INSURER', true) RETURNING id`,
  );
  const [user] = await app.dataSource.query(
    `INSERT INTO "user" (email, name, synthetic) VALUES ($1, 'Verzekeraar B Editor', true) RETURNING id`,
    [CO_SIGNER],
  );
  await app.dataSource.query(`INSERT INTO membership (user_id, party_id, role) VALUES ($1, $2, 'EDITOR')`, [
    user.id,
    insurer.id,
  ]);
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

const FIELDS = `id version status kind title description answerReasoning answeredAt
  raisingParty { key } addresseeParty { key } coSigningParties { key } answeredByParty { key } answeredBy { email } assessment { id }`;
const RAISE = `mutation($input: RaisePackageSignalInput!) { raisePackageSignal(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdatePackageSignalInput!) { updatePackageSignal(input: $input) { ${FIELDS} } }`;
const WITHDRAW = `mutation($input: WithdrawPackageSignalInput!) { withdrawPackageSignal(input: $input) { ${FIELDS} } }`;
const TAKE_UP = `mutation($input: TakeUpPackageSignalInput!) { takeUpPackageSignal(input: $input) { ${FIELDS} } }`;
const DECLINE = `mutation($input: DeclinePackageSignalInput!) { declinePackageSignal(input: $input) { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on PackageSignal { ${FIELDS} } } }`;
const LIST = `query($status: PackageSignalStatus, $first: Int) {
  packageSignals(filter: { status: $status }, first: $first) { totalCount nodes { id status } }
}`;

let counter = 0;
function raise(extra: Record<string, unknown> = {}, email = ZN) {
  return ok(email, RAISE, {
    title: `Signaal ${++counter}`,
    description: 'Wij zien een stijging van declaraties buiten de indicatie.',
    ...extra,
  });
}

const listed = async (email: string | null, status?: string) => {
  const res = await call(email, LIST, { status, first: 100 });
  expect(res.errors).toBeUndefined();
  return (res.data!.packageSignals.nodes as { id: string }[]).map((n) => n.id);
};
const node = async (email: string | null, id: string) => {
  const res = await call(email, NODE, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.node as Record<string, any> | null;
};
const feed = async (email: string | null, id: string) => {
  const res = await call(email, `query($f: EventFilter) { changes(first: 50, filter: $f) { nodes { type after } } }`, {
    f: { subjectIds: [id] },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.changes.nodes as { type: string; after: Record<string, unknown> }[];
};
const inbox = async (email: string) => {
  const res = await call(
    email,
    `{ myInbox(first: 100, filter: { kinds: [PACKAGE_SIGNAL_AWAITING_ANSWER] }) { nodes { subjectId title party { key } } } }`,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.myInbox.nodes as { subjectId: string; title: string; party: { key: string } }[];
};

describe('raising and answering a package signal', () => {
  it('ZN raises, the Zorginstituut sees it waiting and declines with reasoning, ZN reads the answer', async () => {
    const signal = await raise({ sectorId: (await idsByKey(app, 'Sector', 'sector')).msz });
    expect(signal).toMatchObject({ status: 'OPEN', kind: 'SIGNAL', version: 1, raisingParty: { key: 'zn' } });

    expect(await listed(ZIN, 'OPEN')).toContain(signal.id);
    expect(await inbox(ZIN)).toContainEqual({
      subjectId: signal.id,
      title: signal.title,
      party: { key: 'zorginstituut' },
    });
    expect((await inbox(ZN)).map((i) => i.subjectId)).not.toContain(signal.id);

    const declined = await ok(ZIN, DECLINE, {
      id: signal.id,
      version: 1,
      reasoning: 'Valt onder de bestaande duiding; geen nieuwe beoordeling nodig.',
    });
    expect(declined).toMatchObject({ status: 'DECLINED', version: 2 });

    expect(await node(ZN, signal.id)).toMatchObject({
      status: 'DECLINED',
      answerReasoning: 'Valt onder de bestaande duiding; geen nieuwe beoordeling nodig.',
      answeredByParty: { key: 'zorginstituut' },
      answeredBy: null,
    });
    expect((await node(ZN, signal.id))!.answeredAt).not.toBeNull();
    expect(await listed(ZN, 'DECLINED')).toContain(signal.id);
    expect(await listed(ZN, 'OPEN')).not.toContain(signal.id);
    expect((await inbox(ZIN)).map((i) => i.subjectId)).not.toContain(signal.id);

    const events = await feed(ZN, signal.id);
    expect(events.map((e) => e.type)).toEqual(['PACKAGE_SIGNAL_RAISED', 'PACKAGE_SIGNAL_DECLINED']);
    expect(events[1]!.after).toMatchObject({ status: 'DECLINED', answerReasoning: expect.any(String) });

    const trail = await call(
      ZN,
      `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 10) { nodes { action } } }`,
      { f: { entityId: signal.id } },
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditEvents.nodes.map((e: { action: string }) => e.action).sort()).toEqual(['DECLINE', 'RAISE']);
  });

  it('taking up into a new draft links the assessment, which names the signal as its origin', async () => {
    const signal = await raise({ kind: 'ZORG_ADVIES_TRAJECT', coSigningPartyIds: [parties['signals-insurer']] });
    const taken = await ok(ZIN, TAKE_UP, {
      id: signal.id,
      version: 1,
      assessmentTitle: 'Duiding naar aanleiding van het Zorg Advies Traject',
    });
    expect(taken).toMatchObject({ status: 'TAKEN_UP', answeredByParty: { key: 'zorginstituut' } });
    expect(taken.assessment).not.toBeNull();

    const assessment = await call(
      ZIN,
      `query($id: ID!) { node(id: $id) { ... on PackageAssessment { kind stage published signals { id } } } }`,
      { id: taken.assessment.id },
    );
    expect(assessment.data!.node).toEqual({
      kind: 'DUIDING',
      stage: 'SIGNAL',
      published: false,
      signals: [{ id: signal.id }],
    });
    // The draft stays the assessor's: the raising party reads that it was taken up, not the draft.
    expect(await node(ZN, signal.id)).toMatchObject({ status: 'TAKEN_UP', assessment: null });
    expect((await feed(CO_SIGNER, signal.id)).map((e) => e.type)).toEqual([
      'PACKAGE_SIGNAL_RAISED',
      'PACKAGE_SIGNAL_TAKEN_UP',
    ]);
  });

  it('taking up into an existing assessment of the Zorginstituut links that one', async () => {
    const signal = await raise();
    const created = await ok(
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
      { kind: 'STANDPUNT', title: 'Bestaand concept-standpunt' },
    );
    const taken = await ok(ZIN, TAKE_UP, { id: signal.id, version: 1, assessmentId: created.id });
    expect(taken.assessment).toEqual({ id: created.id });
  });

  it('withdrawing by its party ends it; the Zorginstituut can no longer answer it', async () => {
    const signal = await raise();
    const changed = await ok(ZN, UPDATE, { id: signal.id, version: 1, title: 'Scherper geformuleerd signaal' });
    expect(changed).toMatchObject({ title: 'Scherper geformuleerd signaal', version: 2 });
    expect(await ok(ZN, WITHDRAW, { id: signal.id, version: 2 })).toMatchObject({ status: 'WITHDRAWN', version: 3 });
    const late = await call(ZIN, DECLINE, { input: { id: signal.id, version: 3, reasoning: 'Te laat.' } });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowed: [] });
    expect((await feed(ZN, signal.id)).map((e) => e.type)).toEqual([
      'PACKAGE_SIGNAL_RAISED',
      'PACKAGE_SIGNAL_WITHDRAWN',
    ]);
  });
});

describe('who reads and acts', () => {
  it('the raising and co-signing parties, the Zorginstituut and VWS read it; others and anonymous nothing', async () => {
    const signal = await raise({ coSigningPartyIds: [parties['signals-insurer']] });
    for (const reader of [ZN, ZN_CONTRIBUTOR, CO_SIGNER, ZIN, VWS]) {
      expect({ reader, found: (await node(reader, signal.id))?.id ?? null }).toEqual({ reader, found: signal.id });
      expect({ reader, listed: (await listed(reader)).includes(signal.id) }).toEqual({ reader, listed: true });
    }
    for (const outsider of [PFN, FMS, null]) {
      expect({ outsider, found: await node(outsider, signal.id) }).toEqual({ outsider, found: null });
      expect({ outsider, listed: await listed(outsider) }).toEqual({ outsider, listed: [] });
      expect({ outsider, events: await feed(outsider, signal.id) }).toEqual({ outsider, events: [] });
    }
  });

  it.each([
    ['a patient organisation raises', PFN, RAISE, () => ({ title: 'X', description: 'Y' }), 'FORBIDDEN'],
    ['an insurer contributor raises', ZN_CONTRIBUTOR, RAISE, () => ({ title: 'X', description: 'Y' }), 'FORBIDDEN'],
    ['anonymous raises', null, RAISE, () => ({ title: 'X', description: 'Y' }), 'UNAUTHENTICATED'],
    ['the insurer declines', ZN, DECLINE, (id: string) => ({ id, version: 1, reasoning: 'Nee.' }), 'FORBIDDEN'],
    [
      'a patient organisation declines',
      PFN,
      DECLINE,
      (id: string) => ({ id, version: 1, reasoning: 'N' }),
      'FORBIDDEN',
    ],
    ['the Zorginstituut edits', ZIN, UPDATE, (id: string) => ({ id, version: 1, title: 'Anders' }), 'FORBIDDEN'],
    ['an outsider withdraws', FMS, WITHDRAW, (id: string) => ({ id, version: 1 }), 'FORBIDDEN'],
    ['anonymous withdraws', null, WITHDRAW, (id: string) => ({ id, version: 1 }), 'UNAUTHENTICATED'],
  ])('%s: %s', async (_what, email, mutation, input, code) => {
    const signal = await raise();
    const res = await call(email, mutation, { input: input(signal.id) });
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(await node(ZN, signal.id)).toMatchObject({ status: 'OPEN', version: 1, title: signal.title });
  });
});

describe('a request for an assessment (verzoek om beoordeling: zin-beoordeelt-op-verzoek)', () => {
  const request = (email: string, extra: Record<string, unknown> = {}) =>
    raise({ kind: 'ASSESSMENT_REQUEST', ...extra }, email);
  const ASSESSMENT = `query($id: ID!) { node(id: $id) { ... on PackageAssessment { kind stage assessorParty { key } signals { id } } } }`;
  const signalCount = async () => (await app.dataSource.query('SELECT count(*)::int AS n FROM package_signal'))[0].n;

  it.each([
    ['a provider association', NVZ, 'nvz', NVZ_CONTRIBUTOR],
    ['VWS', VWS_EDITOR, 'vws', 'vws.viewer@example.org'],
  ])(
    '%s asks; the request waits in the Zorginstituut’s inbox, which takes it up into a draft STANDPUNT',
    async (_who, editor, party, colleague) => {
      const signal = await request(editor);
      expect(signal).toMatchObject({
        status: 'OPEN',
        kind: 'ASSESSMENT_REQUEST',
        raisingParty: { key: party },
        addresseeParty: { key: 'zorginstituut' },
      });
      expect(await inbox(ZIN)).toContainEqual({
        subjectId: signal.id,
        title: signal.title,
        party: { key: 'zorginstituut' },
      });
      for (const reader of [colleague, ZIN_VIEWER, VWS])
        expect({ reader, found: (await node(reader, signal.id))?.id ?? null }).toEqual({ reader, found: signal.id });
      for (const outsider of [ZN, FMS])
        expect({ outsider, found: await node(outsider, signal.id) }).toEqual({ outsider, found: null });

      const taken = await ok(ZIN, TAKE_UP, {
        id: signal.id,
        version: 1,
        assessmentTitle: `Standpunt op verzoek ${party}`,
      });
      expect(taken).toMatchObject({ status: 'TAKEN_UP', answeredByParty: { key: 'zorginstituut' } });
      expect((await call(ZIN, ASSESSMENT, { id: taken.assessment.id })).data!.node).toEqual({
        kind: 'STANDPUNT',
        stage: 'SIGNAL',
        assessorParty: { key: 'zorginstituut' },
        signals: [{ id: signal.id }],
      });
      expect((await inbox(ZIN)).map((i) => i.subjectId)).not.toContain(signal.id);
      expect((await feed(colleague, signal.id)).map((e) => e.type)).toEqual([
        'PACKAGE_SIGNAL_RAISED',
        'PACKAGE_SIGNAL_TAKEN_UP',
      ]);
    },
  );

  it('an insurer asks too, and the provider association changes and withdraws its own request', async () => {
    expect(await request(ZN)).toMatchObject({ kind: 'ASSESSMENT_REQUEST', raisingParty: { key: 'zn' } });
    const own = await request(NVZ);
    expect(await ok(NVZ, UPDATE, { id: own.id, version: 1, title: 'Scherper verzoek' })).toMatchObject({ version: 2 });
    const byContributor = await call(NVZ_CONTRIBUTOR, WITHDRAW, { input: { id: own.id, version: 2 } });
    expect(byContributor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await ok(NVZ, WITHDRAW, { id: own.id, version: 2 })).toMatchObject({ status: 'WITHDRAWN', version: 3 });
  });

  it.each<[string, string, string | null, string | null]>([
    ['a provider association asks for a SIGNAL', NVZ, 'SIGNAL', null],
    ['a provider association asks for the default kind (SIGNAL)', NVZ, null, null],
    ['a provider association puts forward a Zorg Advies Traject', NVZ, 'ZORG_ADVIES_TRAJECT', null],
    ['VWS raises a SIGNAL', VWS_EDITOR, 'SIGNAL', null],
    ['a provider association’s contributor asks', NVZ_CONTRIBUTOR, 'ASSESSMENT_REQUEST', null],
    ['a VWS contributor asks', VWS_CONTRIBUTOR, 'ASSESSMENT_REQUEST', null],
    ['a patient organisation asks', PFN, 'ASSESSMENT_REQUEST', null],
    ['a provider association asks for an insurer', NVZ, 'ASSESSMENT_REQUEST', 'zn'],
  ])('%s: FORBIDDEN, nothing raised', async (_what, email, kind, partyKey) => {
    const before = await signalCount();
    const input = { title: 'X', description: 'Y', kind, partyId: partyKey && parties[partyKey] };
    const res = await call(email, RAISE, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await signalCount()).toBe(before);
  });
});

/**
 * An operator's grant of PUBLISH_ASSESSMENTS to CVZ (the Zorginstituut's predecessor, also a PACKAGE_MANAGER): the
 * seeded grant names the Zorginstituut alone, so a second party answers signals only when someone grants it.
 */
const CVZ_ANSWERS = `INSERT INTO capability_grant (key, capability, grantee, party_id, min_role, scope, rationale)
  SELECT 'test-cvz-publish-assessments', 'PUBLISH_ASSESSMENTS', 'PARTY', id, 'EDITOR', 'OWN_PARTY', 'test' FROM party WHERE key = 'cvz'`;
const CVZ_ANSWERS_NO_MORE = `DELETE FROM capability_grant WHERE key = 'test-cvz-publish-assessments'`;

describe('the party a signal is addressed to', () => {
  it('is the Zorginstituut: all its members read the signal, by the list and node(id:); only its PUBLISH_ASSESSMENTS holders answer', async () => {
    const signal = await raise();
    expect(signal.addresseeParty).toEqual({ key: 'zorginstituut' });
    for (const reader of [ZIN_VIEWER, ZIN_CONTRIBUTOR]) {
      expect({ reader, found: (await node(reader, signal.id))?.id ?? null }).toEqual({ reader, found: signal.id });
      expect({ reader, listed: (await listed(reader, 'OPEN')).includes(signal.id) }).toEqual({ reader, listed: true });
      const declined = await call(reader, DECLINE, { input: { id: signal.id, version: 1, reasoning: 'Nee.' } });
      expect({ reader, code: declined.errors?.[0]?.extensions?.code }).toEqual({ reader, code: 'FORBIDDEN' });
    }
    expect(await node(ZN, signal.id)).toMatchObject({ status: 'OPEN', version: 1 });
  });

  it('another party that answers signals reads, finds in its inbox and answers only those addressed to it', async () => {
    const [cvz] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'cvz'`);
    const [user] = await app.dataSource.query(
      `INSERT INTO "user" (email, name, synthetic) VALUES ($1, 'CVZ Editor', true) RETURNING id`,
      [CVZ],
    );
    // With an editor and a grant of its own, CVZ answers signals too.
    await app.dataSource.query(`INSERT INTO membership (user_id, party_id, role) VALUES ($1, $2, 'EDITOR')`, [
      user.id,
      cvz.id,
    ]);
    await app.dataSource.query(CVZ_ANSWERS);
    try {
      const unnamed = await call(ZN, RAISE, { input: { title: 'X', description: 'Y' } });
      expect(unnamed.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.addresseePartyId',
      });
      const toZin = await raise({ addresseePartyId: parties.zorginstituut });
      const toCvz = await raise({ addresseePartyId: parties.cvz });
      expect([toZin.addresseeParty, toCvz.addresseeParty]).toEqual([{ key: 'zorginstituut' }, { key: 'cvz' }]);

      expect(await node(CVZ, toZin.id)).toBeNull();
      expect(await listed(CVZ)).toEqual([toCvz.id]);
      expect(await node(ZIN_VIEWER, toCvz.id)).toBeNull();
      expect((await inbox(CVZ)).map((i) => i.subjectId)).toEqual([toCvz.id]);
      expect((await inbox(ZIN)).map((i) => i.subjectId)).toContain(toZin.id);
      expect((await inbox(ZIN)).map((i) => i.subjectId)).not.toContain(toCvz.id);

      const other = await call(CVZ, DECLINE, { input: { id: toZin.id, version: 1, reasoning: 'Niet aan ons.' } });
      expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await ok(CVZ, DECLINE, { id: toCvz.id, version: 1, reasoning: 'Niet meer aan ons.' })).toMatchObject({
        status: 'DECLINED',
        answeredByParty: { key: 'cvz' },
      });
      expect(await node(ZN, toZin.id)).toMatchObject({ status: 'OPEN', version: 1 });

      // Reading it as a member of the raising party does not make CVZ's editor answer for the Zorginstituut.
      await app.dataSource.query(`INSERT INTO membership (user_id, party_id, role) VALUES ($1, $2, 'VIEWER')`, [
        user.id,
        (await app.dataSource.query(`SELECT id FROM party WHERE key = 'zn'`))[0].id,
      ]);
      expect(await node(CVZ, toZin.id)).toMatchObject({ status: 'OPEN', version: 1 });
      for (const [mutation, input] of [
        [DECLINE, { id: toZin.id, version: 1, reasoning: 'Niet aan ons.' }],
        [TAKE_UP, { id: toZin.id, version: 1, assessmentTitle: 'Concept van CVZ' }],
      ] as const) {
        const res = await call(CVZ, mutation, { input });
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect(await node(ZN, toZin.id)).toMatchObject({ status: 'OPEN', version: 1 });
    } finally {
      await app.dataSource.query(CVZ_ANSWERS_NO_MORE);
      await app.dataSource.query('DELETE FROM membership WHERE user_id = $1', [user.id]);
    }
  });

  it('a member of two parties answering signals takes one up only into an assessment of its addressee', async () => {
    const [user] = await app.dataSource.query(
      `INSERT INTO "user" (email, name, synthetic) VALUES ($1, 'Editor van twee pakketbeheerders', true) RETURNING id`,
      [TWO_MANAGERS],
    );
    for (const key of ['zorginstituut', 'cvz'])
      await app.dataSource.query(
        `INSERT INTO membership (user_id, party_id, role) SELECT $1, id, 'EDITOR' FROM party WHERE key = $2`,
        [user.id, key],
      );
    await app.dataSource.query(CVZ_ANSWERS);
    try {
      const signal = await raise({ addresseePartyId: parties.zorginstituut });
      const CREATE = `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`;
      const ofCvz = await ok(TWO_MANAGERS, CREATE, {
        kind: 'STANDPUNT',
        title: 'Concept-standpunt van CVZ',
        assessorPartyId: parties.cvz,
      });
      const wrong = await call(TWO_MANAGERS, TAKE_UP, { input: { id: signal.id, version: 1, assessmentId: ofCvz.id } });
      expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assessmentId' });
      expect(await node(ZN, signal.id)).toMatchObject({ status: 'OPEN', version: 1 });

      const ofZin = await ok(TWO_MANAGERS, CREATE, {
        kind: 'STANDPUNT',
        title: 'Concept-standpunt van het Zorginstituut',
        assessorPartyId: parties.zorginstituut,
      });
      const taken = await ok(TWO_MANAGERS, TAKE_UP, { id: signal.id, version: 1, assessmentId: ofZin.id });
      expect(taken).toMatchObject({
        status: 'TAKEN_UP',
        answeredByParty: { key: 'zorginstituut' },
        assessment: { id: ofZin.id },
      });
    } finally {
      await app.dataSource.query(CVZ_ANSWERS_NO_MORE);
      await app.dataSource.query('DELETE FROM membership WHERE user_id = $1', [user.id]);
    }
  });
});

describe('the audit trail of a signal', () => {
  const TRAIL = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 50) { nodes { id action } } }`;
  const AUDIT_NODE = `query($id: ID!) { node(id: $id) { ... on AuditEvent { id action } } }`;
  const trail = async (email: string, f: Record<string, unknown>) => {
    const res = await call(email, TRAIL, { f });
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents.nodes as { id: string; action: string }[];
  };
  const auditNode = async (email: string, id: string) => {
    const res = await call(email, AUDIT_NODE, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.node as { id: string; action: string } | null;
  };

  it('is read by whoever reads the signal, co-signers and the Zorginstituut’s viewers too, by the list and node(id:)', async () => {
    const signal = await raise({ coSigningPartyIds: [parties['signals-insurer']] });
    await ok(ZIN, DECLINE, { id: signal.id, version: 1, reasoning: 'Geen nieuwe beoordeling nodig.' });
    const entries = await trail(VWS, { entityId: signal.id });
    expect(entries.map((e) => e.action).sort()).toEqual(['DECLINE', 'RAISE']);

    for (const reader of [ZN, CO_SIGNER, ZIN_VIEWER]) {
      const actions = (await trail(reader, { entityId: signal.id })).map((e) => e.action).sort();
      expect({ reader, actions }).toEqual({ reader, actions: ['DECLINE', 'RAISE'] });
      for (const entry of entries)
        expect({ reader, node: await auditNode(reader, entry.id) }).toEqual({ reader, node: entry });
    }
    for (const outsider of [FMS, PFN]) {
      expect({ outsider, entries: await trail(outsider, { entityId: signal.id }) }).toEqual({ outsider, entries: [] });
      for (const entry of entries)
        expect({ outsider, node: await auditNode(outsider, entry.id) }).toEqual({ outsider, node: null });
    }
  });

  it('the party filter holds a signal’s entries under each party that reads it, and under no other', async () => {
    const signal = await raise({ coSigningPartyIds: [parties['signals-insurer']] });
    const under = async (email: string, key: string) =>
      (await trail(email, { entityId: signal.id, partyIds: [parties[key]] })).map((e) => e.action);
    for (const key of ['zn', 'signals-insurer', 'zorginstituut'])
      expect({ key, actions: await under(VWS, key) }).toEqual({ key, actions: ['RAISE'] });
    expect(await under(VWS, 'fms')).toEqual([]);
    expect(await under(CO_SIGNER, 'signals-insurer')).toEqual(['RAISE']);
    expect(await under(ZIN_VIEWER, 'zorginstituut')).toEqual(['RAISE']);
  });

  const CHANGES = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 50) {
    nodes { action changes { field before after } } } }`;
  /** Each entry's changes as { field: after }, by action. */
  const changes = async (email: string, entityId: string) => {
    const res = await call(email, CHANGES, { f: { entityId } });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.auditEvents.nodes as { action: string; changes: { field: string; after: unknown }[] }[];
    return Object.fromEntries(
      nodes.map((n) => [n.action, Object.fromEntries(n.changes.map((c) => [c.field, c.after]))]),
    ) as Record<string, Record<string, unknown>>;
  };

  it('names its parties by global id, as the inputs take them (node(id:) finds them)', async () => {
    const signal = await raise({ coSigningPartyIds: [parties['signals-insurer']] });
    await ok(ZN, UPDATE, { id: signal.id, version: 1, coSigningPartyIds: [] });
    await ok(ZIN, DECLINE, { id: signal.id, version: 2, reasoning: 'Geen nieuwe beoordeling nodig.' });
    const entries = await changes(ZN, signal.id);
    expect(entries.RAISE).toMatchObject({
      raisingPartyId: parties.zn,
      addresseePartyId: parties.zorginstituut,
      invitedCoSignerPartyIds: [parties['signals-insurer']],
    });
    expect(entries.UPDATE).toEqual({ invitedCoSignerPartyIds: [] });
    expect(entries.DECLINE).toMatchObject({ answeredByPartyId: parties.zorginstituut });
    const res = await call(ZN, `query($id: ID!) { node(id: $id) { ... on Party { key } } }`, {
      id: entries.RAISE!.raisingPartyId,
    });
    expect(res.data!.node).toEqual({ key: 'zn' });
  });

  it('leaves out the draft a signal was taken up into; the assessor’s trail of the draft names the signal', async () => {
    const signal = await raise({ coSigningPartyIds: [parties['signals-insurer']] });
    const taken = await ok(ZIN, TAKE_UP, { id: signal.id, version: 1, assessmentTitle: 'Concept uit een signaal' });
    const draftId: string = taken.assessment.id;
    const rowId = Buffer.from(draftId, 'base64').toString().split(':')[1]!;
    for (const reader of [ZN, CO_SIGNER]) {
      const entries = await changes(reader, signal.id);
      expect({ reader, actions: Object.keys(entries).sort() }).toEqual({ reader, actions: ['RAISE', 'TAKE_UP'] });
      expect({ reader, takeUp: entries.TAKE_UP }).toEqual({
        reader,
        takeUp: { status: 'TAKEN_UP', answeredByPartyId: parties.zorginstituut },
      });
      const text = JSON.stringify(entries);
      expect({ reader, leaks: text.includes(draftId) || text.includes(rowId) }).toEqual({ reader, leaks: false });
    }
    expect((await changes(ZIN, draftId)).CREATE).toMatchObject({ packageSignalId: signal.id, published: false });
  });

  it('records taking up into an existing assessment on that assessment, not on the signal', async () => {
    const signal = await raise();
    const created = await ok(
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
      { kind: 'STANDPUNT', title: 'Bestaand concept voor het audit-spoor' },
    );
    await ok(ZIN, TAKE_UP, { id: signal.id, version: 1, assessmentId: created.id });
    expect((await changes(ZN, signal.id)).TAKE_UP).not.toHaveProperty('assessmentId');
    expect((await changes(ZIN, created.id)).TAKE_UP_SIGNAL).toEqual({ packageSignalId: signal.id });
  });
});

describe('bad input and concurrency', () => {
  it.each([
    ['a blank title', RAISE, () => ({ title: '   ', description: 'Y' }), 'input.title'],
    ['a blank description', RAISE, () => ({ title: 'X', description: '' }), 'input.description'],
    [
      'a co-signer that is no insurer',
      RAISE,
      () => ({ title: 'X', description: 'Y', coSigningPartyIds: [parties.fms] }),
      'input.coSigningPartyIds.0',
    ],
    [
      'an unknown assessment',
      TAKE_UP,
      (id: string) => ({ id, version: 1, assessmentId: toGlobalId('PackageAssessment', crypto.randomUUID()) }),
      'input.assessmentId',
    ],
    ['neither an assessment nor a title', TAKE_UP, (id: string) => ({ id, version: 1 }), 'input.assessmentId'],
    ['a blank reasoning', DECLINE, (id: string) => ({ id, version: 1, reasoning: ' ' }), 'input.reasoning'],
    [
      'an addressee that answers no signals',
      RAISE,
      () => ({ title: 'X', description: 'Y', addresseePartyId: parties.fms }),
      'input.addresseePartyId',
    ],
  ])('%s is BAD_USER_INPUT naming the field', async (_what, mutation, input, field) => {
    const signal = await raise();
    const email = mutation === RAISE ? ZN : ZIN;
    const res = await call(email, mutation, { input: input(signal.id) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await node(ZN, signal.id)).toMatchObject({ status: 'OPEN', version: 1 });
  });

  it('a stale version is CONFLICT with the current one, and changes nothing', async () => {
    const signal = await raise();
    await ok(ZN, UPDATE, { id: signal.id, version: 1, description: 'Aangevuld met cijfers.' });
    const stale = await call(ZIN, DECLINE, { input: { id: signal.id, version: 1, reasoning: 'Nee.' } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const staleEdit = await call(ZN, UPDATE, { input: { id: signal.id, version: 1, title: 'Oud' } });
    expect(staleEdit.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(await node(ZN, signal.id)).toMatchObject({ status: 'OPEN', version: 2, title: signal.title });
  });
});

describe('batching', () => {
  const NESTED = `query { packageSignals(first: 100) { totalCount nodes {
    id raisingParty { name } addresseeParty { name } coSigningParties { name } raisedBy { name } answeredByParty { name }
    assessment { title signals { id } } sector { key } intervention { name }
  } } }`;

  async function statementsFor(email: string) {
    const headers = await asUser(app, email);
    const { result, count } = await app.countQueries(() => app.gql(NESTED, {}, headers));
    expect(result.errors).toBeUndefined();
    return { count, total: result.data!.packageSignals.totalCount as number };
  }

  async function signals(n: number) {
    for (let i = 0; i < n; i++) {
      const signal = await raise({ coSigningPartyIds: [parties['signals-insurer']] });
      if (i % 2 === 0) await ok(ZIN, TAKE_UP, { id: signal.id, version: 1, assessmentTitle: `Batch ${i}` });
    }
  }

  it('reads the list with its nested fields in a fixed number of statements, however many signals', async () => {
    await signals(2);
    const few = await statementsFor(ZIN);
    await signals(6);
    const many = await statementsFor(ZIN);
    expect(many.total).toBe(few.total + 6);
    expect(many.count).toBe(few.count);
  });
});
