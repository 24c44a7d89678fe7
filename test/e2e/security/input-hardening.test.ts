import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, mutate, partyIds, POST_UPDATE } from '../../fixtures/deliverables';
import { documentHash } from '../../../server/security/trusted-documents';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** `{"a":[{"a":[… "x" …]}]}` as JSON text: JSON.stringify itself overflows the stack at this depth. */
function deeplyNestedJson(depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => (i % 2 ? '[' : '{"a":')).join('');
  const close = Array.from({ length: depth }, (_, i) => (i % 2 ? ']' : '}'))
    .reverse()
    .join('');
  return `${open}"x"${close}`;
}

describe('deeply nested variables', () => {
  it.each([
    ['an unused variable', 'query { sectors { key } }'],
    [
      'a variable of an input type',
      'query($f: DeliverableFilter) { deliverables(first: 1, filter: $f) { totalCount } }',
    ],
  ])('refuses 5 000 levels in %s with 400 VARIABLES_TOO_DEEP', async (_case, query) => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(query)},"variables":{"f":${deeplyNestedJson(5000)}}}`,
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('VARIABLES_TOO_DEEP');
    expect(body.errors[0].message).toMatch(/nested/);
    const ok = await app.gql(query.includes('$f') ? query : '{ sectors { key } }', { f: { status: 'DONE' } });
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
  });
});

it('refuses deeply nested variables in a GET request with 400 VARIABLES_TOO_DEEP', async () => {
  const params = new URLSearchParams({ query: '{ sectors { key } }', variables: `{"f":${deeplyNestedJson(1000)}}` });
  const res = await fetch(`${app.url}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(res.status).toBe(400);
  expect((await res.json()).errors[0].extensions.code).toBe('VARIABLES_TOO_DEEP');
});

it.each([
  [
    'behind a thousand other parameters (Express stops parsing there, Apollo does not)',
    Array(1_000).fill('a').join('&'),
  ],
  ['behind a second question mark', 'x=?'],
])('refuses them too %s', async (_case, before) => {
  const params = new URLSearchParams({ query: '{ sectors { key } }', variables: `{"f":${deeplyNestedJson(100)}}` });
  const res = await fetch(`${app.url}?${before}&${params}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(res.status).toBe(400);
  expect((await res.json()).errors[0].extensions.code).toBe('VARIABLES_TOO_DEEP');
});

describe('persisted queries', () => {
  const SECTORS = 'query Sectors { sectors { key } }';
  let dir: string;
  let strict: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iza-trusted-'));
    const manifest = path.join(dir, 'portal.json');
    await writeFile(manifest, JSON.stringify({ [documentHash(SECTORS)]: SECTORS }));
    strict = await createTestApp({ TRUSTED_DOCUMENTS: manifest });
  });
  afterAll(async () => {
    await strict.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (target: TestApp, body: unknown) =>
    fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it.each([
    ['with trusted documents', () => strict],
    ['without', () => app],
  ])(
    'answers a registered hash sent with another query with 400 PERSISTED_QUERY_HASH_MISMATCH (%s)',
    async (_c, target) => {
      const res = await send(target(), {
        query: '{ parties(first: 1) { totalCount } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(SECTORS) } },
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
      expect(body.errors[0].message).toMatch(/sha256/);
      expect(body.data ?? null).toBeNull();
    },
  );

  it('answers an unknown persisted-query version with 400 PERSISTED_QUERY_VERSION_NOT_SUPPORTED', async () => {
    const res = await send(strict, {
      extensions: { persistedQuery: { version: 2, sha256Hash: documentHash(SECTORS) } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_VERSION_NOT_SUPPORTED');
  });
});

describe('whitespace-only text', () => {
  let parties: Record<string, string>;
  let deliverableId: string;
  beforeAll(async () => {
    parties = await partyIds(app, ['fms', 'zorginstituut']);
    const { createDeliverable } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Advies witruimte',
      dueLabel: 'Q3 2029',
      ownerPartyIds: [parties.zorginstituut],
    });
    deliverableId = createDeliverable.id;
  });

  const cases: [string, string, string, () => Record<string, unknown>, string][] = [
    [
      'a deliverable title',
      'vws.editor@example.org',
      CREATE_DELIVERABLE,
      () => ({ title: '   ', dueLabel: 'Q3 2029', ownerPartyIds: [parties.zorginstituut] }),
      'input.title',
    ],
    [
      'a status update text',
      'zin.editor@example.org',
      POST_UPDATE,
      () => ({ deliverableId, health: 'ON_TRACK', text: ' \n\t ' }),
      'input.text',
    ],
    [
      'a guideline title',
      'fms.editor@example.org',
      'mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }',
      () => ({ title: '\u00a0 ', ownerPartyIds: [parties.fms] }),
      'input.title',
    ],
    [
      'a party short name',
      'fms.editor@example.org',
      'mutation($input: UpdatePartyInput!) { updateParty(input: $input) { id } }',
      () => ({ id: parties.fms, version: 1, shortName: '  ' }),
      'input.shortName',
    ],
  ];

  it.each(cases)('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, email, mutation, input, field) => {
    const [{ before }] = await app.dataSource.query('SELECT count(*)::int AS before FROM audit_event');
    const res = await app.gql(mutation, { input: input() }, await asUser(app, email));
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.data ?? null).toBeNull();
    const [{ after }] = await app.dataSource.query('SELECT count(*)::int AS after FROM audit_event');
    expect(after).toBe(before);
  });
});

describe('party short names', () => {
  const UPDATE_PARTY = `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { shortName version } }`;
  const PARTY = `query($id: ID!) { party(id: $id) { shortName version } }`;
  let fms: string;
  beforeAll(async () => {
    ({ fms: fms } = await partyIds(app, ['fms']));
  });

  it.each(['VWS', 'vws', ' Vws '])('refuses %j, another party’s short name, with BAD_USER_INPUT', async (shortName) => {
    const { party } = (await app.gql(PARTY, { id: fms })).data!;
    const res = await app.gql(
      UPDATE_PARTY,
      { input: { id: fms, version: party.version, shortName } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.shortName' });
    expect(res.errors![0]!.message).toMatch(/VWS|Volksgezondheid/);
    expect((await app.gql(PARTY, { id: fms })).data!.party).toEqual(party);
  });

  it('lets a party write its own short name in another case', async () => {
    const { party } = (await app.gql(PARTY, { id: fms })).data!;
    const res = await app.gql(
      UPDATE_PARTY,
      { input: { id: fms, version: party.version, shortName: party.shortName.toLowerCase() } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateParty.shortName).toBe(party.shortName.toLowerCase());
  });

  it('is unique in the database too, case ignored', async () => {
    await expect(
      app.dataSource.query(
        `UPDATE party SET short_name = 'vws' WHERE id <> (SELECT id FROM party WHERE short_name = 'VWS') AND key = 'fms'`,
      ),
    ).rejects.toThrow(/party_short_name_unique/);
  });
});

describe('request ids in the audit trail', () => {
  it('records the server’s own request id, and the client’s x-request-id apart', async () => {
    const { fms } = await partyIds(app, ['fms']);
    const { party } = (await app.gql(`query($id: ID!) { party(id: $id) { version } }`, { id: fms })).data!;
    // A client sends another request's id as its own.
    const res = await app.gql(
      `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { id } }`,
      { input: { id: fms, version: party.version, description: 'Federatie Medisch Specialisten.' } },
      { ...(await asUser(app, 'fms.editor@example.org')), 'x-request-id': 'someone-elses-request' },
    );
    expect(res.errors).toBeUndefined();
    const serverId = res.headers.get('x-request-id');
    expect(serverId).toMatch(/^[0-9a-f-]{36}$/);
    const events = await app.gql(
      `query($id: ID!) { auditEvents(first: 1, filter: { entityId: $id }) { nodes { requestId clientRequestId } } }`,
      { id: fms },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(events.data!.auditEvents.nodes).toEqual([{ requestId: serverId, clientRequestId: 'someone-elses-request' }]);
  });
});
