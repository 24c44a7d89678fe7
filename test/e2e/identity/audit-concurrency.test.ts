import { randomUUID } from 'node:crypto';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { NamesWithoutAddresses1800001400000 } from '../../../server/db/migrations/1800001400000-NamesWithoutAddresses';
import { asUser } from '../../helpers/auth';

/** One page of a walk through a list: its ids and where the next page starts. */
interface WalkPage {
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
let app: TestApp;
let fms: { id: string; gid: string };
let pfn: { id: string; gid: string };
beforeAll(async () => {
  app = await createTestApp();
  const rows: { key: string; id: string }[] = await app.dataSource.query(
    `SELECT key, id FROM party WHERE key IN ('fms', 'patientenfederatie')`,
  );
  const byKey = new Map(rows.map((r) => [r.key, { id: r.id, gid: toGlobalId('Party', r.id) }]));
  fms = byKey.get('fms')!;
  pfn = byKey.get('patientenfederatie')!;
});
afterAll(() => app.close());

const UPDATE_PARTY = `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { version description } }`;
const PARTY = `query($id: ID!) { party(id: $id) { version description shortName } }`;

/** One audit event of the party's own: a member changes its description. */
async function editParty(party: { gid: string }, email: string): Promise<void> {
  const { data } = await app.gql(PARTY, { id: party.gid });
  const res = await app.gql(
    UPDATE_PARTY,
    { input: { id: party.gid, version: data!.party.version, description: `edited ${randomUUID()}` } },
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
}

async function auditRows(entityId: string) {
  return app.dataSource.query('SELECT * FROM audit_event WHERE entity_id = $1 ORDER BY occurred_at', [entityId]);
}

describe('optimistic concurrency', () => {
  it('lets exactly one of two concurrent writers win; the other gets CONFLICT and nothing is lost', async () => {
    const { data } = await app.gql(PARTY, { id: fms.gid });
    const version = data!.party.version;
    const before = (await auditRows(fms.id)).length;
    const [a, b] = await Promise.all([
      app.gql(
        UPDATE_PARTY,
        { input: { id: fms.gid, version, description: 'writer A' } },
        await asUser(app, 'fms.editor@example.org'),
      ),
      app.gql(
        UPDATE_PARTY,
        { input: { id: fms.gid, version, description: 'writer B' } },
        await asUser(app, 'fms.admin@example.org'),
      ),
    ]);
    const results = [a, b];
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
    const stored = await app.gql(PARTY, { id: fms.gid });
    expect(stored.data!.party).toMatchObject({
      version: version + 1,
      description: winners[0]!.data!.updateParty.description,
    });
    const events = await auditRows(fms.id);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1).changes).toEqual([
      expect.objectContaining({ field: 'description', after: winners[0]!.data!.updateParty.description }),
    ]);
  });

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    // A change first, so that an older version exists whichever tests ran before.
    const before = (await app.gql(PARTY, { id: fms.gid })).data!.party;
    const changed = await app.gql(
      UPDATE_PARTY,
      { input: { id: fms.gid, version: before.version, description: `Vooraf ${randomUUID()}` } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(changed.errors).toBeUndefined();
    const { data } = await app.gql(PARTY, { id: fms.gid });
    const res = await app.gql(
      UPDATE_PARTY,
      { input: { id: fms.gid, version: data!.party.version - 1, description: 'stale' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: data!.party.version });
    expect((await app.gql(PARTY, { id: fms.gid })).data!.party).toEqual(data!.party);
  });
});

describe('audit trail', () => {
  it('records actor, acting party, changed fields before and after, and the request id', async () => {
    const { data } = await app.gql(PARTY, { id: pfn.gid });
    const res = await app.gql(
      UPDATE_PARTY.replace('version description', 'version description shortName'),
      { input: { id: pfn.gid, version: data!.party.version, shortName: 'PFNL', description: data!.party.description } },
      { ...(await asUser(app, 'pfn.admin@example.org')), 'x-request-id': 'audit-test-1' },
    );
    expect(res.errors).toBeUndefined();
    const events = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action entityType entityId requestId clientRequestId actor { name } actingParty { key } changes { field before after } } } }`,
      { id: pfn.gid },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(events.errors).toBeUndefined();
    expect(events.data!.auditEvents.nodes[0]).toEqual({
      action: 'UPDATE',
      entityType: 'Party',
      entityId: pfn.gid,
      requestId: res.headers.get('x-request-id'),
      clientRequestId: 'audit-test-1',
      actor: { name: 'Patiëntenfederatie Admin' },
      actingParty: { key: 'patientenfederatie' },
      changes: [{ field: 'shortName', before: data!.party.shortName, after: 'PFNL' }],
    });
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE fail', async () => {
    await editParty(fms, 'fms.editor@example.org');
    const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    expect(count).toBeGreaterThan(0);
    await expect(app.dataSource.query(`UPDATE audit_event SET action = 'FORGED'`)).rejects.toThrow(/append-only/);
    await expect(app.dataSource.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    await expect(app.dataSource.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    const [{ after }] = await app.dataSource.query('SELECT count(*)::int AS after FROM audit_event');
    expect(after).toBe(count);
  });

  it('shows a party the events on its own records only; VWS and operators see all', async () => {
    await editParty(pfn, 'pfn.admin@example.org');
    await editParty(fms, 'fms.editor@example.org');
    const query = `{ auditEvents(first: 100) { totalCount nodes { entityType entityId } } }`;
    const pfnView = await app.gql(query, undefined, await asUser(app, 'pfn.contributor@example.org'));
    const fmsView = await app.gql(query, undefined, await asUser(app, 'fms.viewer@example.org'));
    const vwsView = await app.gql(query, undefined, await asUser(app, 'vws.viewer@example.org'));
    const opView = await app.gql(query, undefined, await asUser(app, 'operator@example.org'));
    const ids = (r: typeof pfnView) => r.data!.auditEvents.nodes.map((n: any) => n.entityId);
    expect(ids(pfnView)).toContain(pfn.gid);
    expect(ids(pfnView)).not.toContain(fms.gid);
    expect(ids(fmsView)).toContain(fms.gid);
    expect(ids(fmsView)).not.toContain(pfn.gid);
    const [{ total }] = await app.dataSource.query('SELECT count(*)::int AS total FROM audit_event');
    expect(vwsView.data!.auditEvents.totalCount).toBe(total);
    expect(opView.data!.auditEvents.totalCount).toBe(total);
  });

  it('pages newest first and filters by party and time', async () => {
    await editParty(pfn, 'pfn.admin@example.org');
    await editParty(fms, 'fms.editor@example.org');
    const headers = await asUser(app, 'vws.viewer@example.org');
    const first = await app.gql(
      `{ auditEvents(first: 1) { nodes { occurredAt } pageInfo { endCursor hasNextPage } } }`,
      undefined,
      headers,
    );
    const second = await app.gql(
      `query($after: String) { auditEvents(first: 1, after: $after) { nodes { occurredAt } } }`,
      { after: first.data!.auditEvents.pageInfo.endCursor },
      headers,
    );
    expect(first.data!.auditEvents.pageInfo.hasNextPage).toBe(true);
    expect(new Date(second.data!.auditEvents.nodes[0].occurredAt).getTime()).toBeLessThanOrEqual(
      new Date(first.data!.auditEvents.nodes[0].occurredAt).getTime(),
    );
    const future = await app.gql(
      `{ auditEvents(filter: { from: "2999-01-01T00:00:00Z" }) { totalCount } }`,
      undefined,
      headers,
    );
    expect(future.data!.auditEvents.totalCount).toBe(0);
    const byParty = await app.gql(
      `query($p: ID!) { auditEvents(filter: { partyId: $p }) { nodes { actingParty { key } entityId } } }`,
      { p: pfn.gid },
      headers,
    );
    expect(byParty.data!.auditEvents.nodes.length).toBeGreaterThan(0);
    expect(
      byParty.data!.auditEvents.nodes.every(
        (n: any) => n.entityId === pfn.gid || n.actingParty?.key === 'patientenfederatie',
      ),
    ).toBe(true);
  });
});

describe('the audit trail walked page by page', () => {
  it('gives every event once and ends, events recorded within the same milliseconds', async () => {
    const entity = randomUUID();
    // Seven events 300 µs apart, as now() gives them (microseconds), several in each millisecond; long ago, so
    // that they stay off the first pages of the whole trail other tests read.
    await app.dataSource.query(
      `INSERT INTO audit_event (owner_party_id, acting_party_id, entity_type, entity_id, action, occurred_at)
       SELECT $1, $1, 'Party', $2, 'WALK_' || i,
              '2001-03-04 05:06:07.000001+00'::timestamptz + i * interval '300 microseconds'
         FROM generate_series(1, 7) AS i`,
      [pfn.id, entity],
    );
    const headers = await asUser(app, 'vws.viewer@example.org');
    const filter = { entityId: toGlobalId('Party', entity) };
    const page = async (first: number, after: string | null): Promise<WalkPage> => {
      const res = await app.gql(
        `query($filter: AuditEventFilter, $first: Int, $after: String) {
          auditEvents(first: $first, after: $after, filter: $filter) { nodes { id } pageInfo { hasNextPage endCursor } }
        }`,
        { filter, first, after },
        headers,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.auditEvents;
    };
    const expected = (await page(100, null)).nodes.map((n) => n.id);
    expect(expected).toHaveLength(7);
    const walked: string[] = [];
    let after: string | null = null;
    // At most one page more than the list needs: a walk that repeats events never ends on its own.
    for (let i = 0; i < 5; i++) {
      const next = await page(2, after);
      walked.push(...next.nodes.map((n) => n.id));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
      if (!after) break;
    }
    expect(after).toBeNull();
    expect(walked).toEqual(expected);
  });
});

describe('memberships', () => {
  const ADD = `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id version role user { id email } } }`;
  const UPDATE = `mutation($input: UpdateMembershipInput!) { updateMembership(input: $input) { id version role } }`;
  const REMOVE = `mutation($input: RemoveMembershipInput!) { removeMembership(input: $input) { removedMembershipId } }`;

  it('adds, changes and removes a member, each audited', async () => {
    const admin = await asUser(app, 'pfn.admin@example.org');
    const added = await app.gql(
      ADD,
      { input: { partyId: pfn.gid, email: 'Nieuw.Lid@Example.org', name: 'Nieuw Lid', role: 'VIEWER' } },
      admin,
    );
    expect(added.errors).toBeUndefined();
    const m = added.data!.addMembership;
    expect(m.user.email).toBe('nieuw.lid@example.org');
    const updated = await app.gql(UPDATE, { input: { id: m.id, version: m.version, role: 'EDITOR' } }, admin);
    expect(updated.data!.updateMembership).toMatchObject({ role: 'EDITOR', version: m.version + 1 });
    const stale = await app.gql(REMOVE, { input: { id: m.id, version: m.version } }, admin);
    expect(stale.errors![0]!.extensions!.code).toBe('CONFLICT');
    const removed = await app.gql(REMOVE, { input: { id: m.id, version: m.version + 1 } }, admin);
    expect(removed.data!.removeMembership.removedMembershipId).toBe(m.id);
    const trail = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes { field before after } } } }`,
      { id: m.id },
      admin,
    );
    expect(trail.data!.auditEvents.nodes.map((n: any) => n.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    expect(trail.data!.auditEvents.nodes[1].changes).toEqual([{ field: 'role', before: 'VIEWER', after: 'EDITOR' }]);
  });

  it('names an account added without a name neutrally, not by its address; a migration renames the old ones', async () => {
    const admin = await asUser(app, 'pfn.admin@example.org');
    const added = await app.gql(
      ADD,
      { input: { partyId: pfn.gid, email: 'zonder.naam@example.org', role: 'VIEWER' } },
      admin,
    );
    expect(added.errors).toBeUndefined();
    const named = async () =>
      (await app.dataSource.query(`SELECT name FROM "user" WHERE email = 'zonder.naam@example.org'`))[0].name;
    expect(await named()).toBe('Nieuw lid');
    await app.dataSource.query(`UPDATE "user" SET name = email WHERE email = 'zonder.naam@example.org'`);
    const runner = app.dataSource.createQueryRunner();
    try {
      await new NamesWithoutAddresses1800001400000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await named()).toBe('Nieuw lid');
    const m = added.data!.addMembership;
    expect((await app.gql(REMOVE, { input: { id: m.id, version: m.version } }, admin)).errors).toBeUndefined();
  });

  it('refuses to add someone twice', async () => {
    const res = await app.gql(
      ADD,
      { input: { partyId: pfn.gid, email: 'pfn.contributor@example.org', role: 'VIEWER' } },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(res.errors![0]!.extensions!.code).toBe('CONFLICT');
  });

  it('keeps the last admin of a party', async () => {
    const admin = await asUser(app, 'pfn.admin@example.org');
    const me = await app.gql('{ me { memberships { id version role } } }', undefined, admin);
    const own = me.data!.me.memberships[0];
    const demote = await app.gql(UPDATE, { input: { id: own.id, version: own.version, role: 'EDITOR' } }, admin);
    expect(demote.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const remove = await app.gql(REMOVE, { input: { id: own.id, version: own.version } }, admin);
    expect(remove.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('counts only admins who can sign in as another admin', async () => {
    const admin = await asUser(app, 'pfn.admin@example.org');
    const added = await app.gql(
      ADD,
      { input: { partyId: pfn.gid, email: 'vertrokken.beheerder@example.org', name: 'Vertrokken', role: 'ADMIN' } },
      admin,
    );
    expect(added.errors).toBeUndefined();
    const other = added.data!.addMembership;
    await app.dataSource.query(`UPDATE "user" SET active = false WHERE email = 'vertrokken.beheerder@example.org'`);
    try {
      const me = await app.gql('{ me { memberships { id version role } } }', undefined, admin);
      const own = me.data!.me.memberships[0];
      const demote = await app.gql(UPDATE, { input: { id: own.id, version: own.version, role: 'EDITOR' } }, admin);
      expect(demote.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    } finally {
      const removed = await app.gql(REMOVE, { input: { id: other.id, version: other.version } }, admin);
      expect(removed.errors).toBeUndefined();
    }
  });

  it('an update that changes nothing keeps the version and writes no audit entry', async () => {
    const admin = await asUser(app, 'pfn.admin@example.org');
    const added = await app.gql(
      ADD,
      { input: { partyId: pfn.gid, email: 'zelfde.rol@example.org', name: 'Zelfde Rol', role: 'VIEWER' } },
      admin,
    );
    const m = added.data!.addMembership;
    const same = await app.gql(UPDATE, { input: { id: m.id, version: m.version, role: 'VIEWER' } }, admin);
    expect(same.data!.updateMembership).toMatchObject({ role: 'VIEWER', version: m.version });
    expect((await auditRows(fromGlobalId(m.id).id)).map((r: { action: string }) => r.action)).toEqual(['CREATE']);

    const { data } = await app.gql(PARTY, { id: pfn.gid });
    const party = await app.gql(
      `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { version } }`,
      { input: { id: pfn.gid, version: data!.party.version, description: data!.party.description } },
      admin,
    );
    expect(party.errors).toBeUndefined();
    expect(party.data!.updateParty.version).toBe(data!.party.version);
    const removed = await app.gql(REMOVE, { input: { id: m.id, version: m.version } }, admin);
    expect(removed.errors).toBeUndefined();
  });

  it.each([
    ['an invalid e-mail address', { email: 'not-an-email', role: 'VIEWER' }],
    ['an unknown role', { email: 'x@example.org', role: 'OWNER' }],
    [
      'a party id of another type',
      { email: 'x@example.org', role: 'VIEWER', partyId: toGlobalId('Sector', '00000000-0000-4000-8000-000000000000') },
    ],
  ])('refuses %s', async (_case, input) => {
    const res = await app.gql(
      ADD,
      { input: { partyId: pfn.gid, ...input } },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(['BAD_USER_INPUT']).toContain(res.errors![0]!.extensions!.code);
  });

  it('shows e-mail addresses to the person and their admins only', async () => {
    const query = `query($id: ID!) { party(id: $id) { members { user { name email } } } }`;
    const asAdmin = await app.gql(query, { id: pfn.gid }, await asUser(app, 'pfn.admin@example.org'));
    expect(asAdmin.data!.party.members.every((m: any) => m.user.email)).toBe(true);
    const asVws = await app.gql(query, { id: pfn.gid }, await asUser(app, 'vws.viewer@example.org'));
    expect(asVws.data!.party.members.length).toBeGreaterThan(0);
    expect(asVws.data!.party.members.every((m: any) => m.user.email === null)).toBe(true);
  });
});

describe('SQL statements per request', () => {
  it('stay the same for 5 and for 50 audit events with actor, party, members and their memberships', async () => {
    // Each level must load something the level before did not, whichever events a page holds: a member
    // of every acting party who never acts, and a party every actor belongs to that never acts.
    await app.dataSource.query(`INSERT INTO "user" (email, name) VALUES ('silent@example.org', 'Silent Member')`);
    await app.dataSource.query(
      `INSERT INTO membership (user_id, party_id, role)
       SELECT u.id, p.party_id, 'VIEWER' FROM "user" u, (SELECT DISTINCT party_id FROM membership) p
        WHERE u.email = 'silent@example.org'`,
    );
    await app.dataSource.query(
      `INSERT INTO audit_event (actor_id, acting_party_id, owner_party_id, entity_type, entity_id, action, changes)
       SELECT u.id, m.party_id, m.party_id, 'Party', m.party_id, 'UPDATE', '[]'
         FROM membership m JOIN "user" u ON u.id = m.user_id, generate_series(1, 3)
        WHERE u.email <> 'silent@example.org'`,
    );
    await app.dataSource.query(`INSERT INTO party (key, name, kind) VALUES ('silent-party', 'Silent Party', 'OTHER')`);
    await app.dataSource.query(
      `INSERT INTO membership (user_id, party_id, role)
       SELECT DISTINCT m.user_id, p.id, 'VIEWER'::membership_role FROM membership m, party p WHERE p.key = 'silent-party'`,
    );
    const query = `query($first: Int) {
      auditEvents(first: $first) {
        nodes {
          action
          actor { name email memberships { role party { key } } }
          actingParty { key members { role user { name } } }
        }
      }
    }`;
    const headers = await asUser(app, 'vws.admin@example.org');
    const small = await app.countQueries(() => app.gql(query, { first: 5 }, headers));
    const large = await app.countQueries(() => app.gql(query, { first: 50 }, headers));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.data!.auditEvents.nodes).toHaveLength(50);
    expect(large.count).toBe(small.count);
    // The viewer (with the grants' version), the page (no count: totalCount is not asked), the acting parties, the
    // actors, then the actors' memberships and the parties' members, then the parties of those memberships and the
    // members' users.
    expect(large.count).toBe(8);
  });
});
