import { randomUUID } from 'node:crypto';
import { toGlobalId } from 'graphql-relay';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { untilWaiting } from '../../helpers/locks';
import { outcome } from '../../helpers/outcome';

/**
 * Operators deactivate and reactivate accounts (`setUserActive`). A deactivated account's tokens stop working
 * at the next request; nobody deactivates themselves, and no party loses its last admin who can sign in.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const OPERATOR = 'operator@example.org';
const SET_ACTIVE = `mutation($input: SetUserActiveInput!) { setUserActive(input: $input) { id active version } }`;
const ME = `{ me { user { name } } }`;
const UPDATE = `mutation($input: UpdateMembershipInput!) { updateMembership(input: $input) { role } }`;
const TRAIL = `query($id: ID!) { auditEvents(filter: { entityId: $id }, first: 10) { nodes { id action changes { field before after } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

interface Person {
  id: string;
  gid: string;
  email: string;
}

/** A new account, active unless told otherwise. */
async function person(label: string, active = true): Promise<Person> {
  const email = `${label}.${randomUUID().slice(0, 8)}@example.org`;
  const [{ id }] = await app.dataSource.query(
    `INSERT INTO "user" (email, name, active) VALUES ($1, $2, $3) RETURNING id`,
    [email, `Persoon ${label}`, active],
  );
  return { id, gid: toGlobalId('User', id), email };
}

async function party(label: string): Promise<{ id: string; gid: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  const name = `${label} ${tag}`;
  const [{ id }] = await app.dataSource.query(
    `INSERT INTO party (key, name, kind) VALUES ($1, $2, 'OTHER') RETURNING id`,
    [`${label.toLowerCase()}-${tag}`, name],
  );
  return { id, gid: toGlobalId('Party', id), name };
}

async function member(who: Person, partyId: string, role: string, id: string = randomUUID()): Promise<string> {
  await app.dataSource.query(`INSERT INTO membership (id, user_id, party_id, role) VALUES ($1, $2, $3, $4)`, [
    id,
    who.id,
    partyId,
    role,
  ]);
  return id;
}

async function stored(who: Person): Promise<{ active: boolean; version: number }> {
  const [row] = await app.dataSource.query(`SELECT active, version FROM "user" WHERE id = $1`, [who.id]);
  return row;
}

async function setActive(who: Person, active: boolean, by = OPERATOR): Promise<GraphQLResponse> {
  const { version } = await stored(who);
  return app.gql(SET_ACTIVE, { input: { id: who.gid, version, active } }, await asUser(app, by));
}

/** The party's admins who can sign in. */
async function activeAdmins(partyId: string): Promise<string[]> {
  const rows: { email: string }[] = await app.dataSource.query(
    `SELECT u.email FROM membership m JOIN "user" u ON u.id = m.user_id
      WHERE m.party_id = $1 AND m.role = 'ADMIN' AND u.active ORDER BY u.email`,
    [partyId],
  );
  return rows.map((r) => r.email);
}

describe('deactivating and reactivating an account', () => {
  it("ends the account's sessions at the next request and restores them on reactivation, with an audit entry each", async () => {
    const p = await party('Partij');
    const leaving = await person('vertrekker');
    await member(leaving, p.id, 'EDITOR');
    const token = await asUser(app, leaving.email);
    expect((await app.gql(ME, undefined, token)).data!.me.user.name).toBe('Persoon vertrekker');

    const off = await setActive(leaving, false);
    expect(off.errors).toBeUndefined();
    expect(off.data!.setUserActive).toEqual({ id: leaving.gid, active: false, version: 2 });
    // The token signed before still verifies, but the account it names no longer signs in.
    const refused = await app.gql(ME, undefined, token);
    expect(refused.status).toBe(401);
    expect(refused.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(refused.data ?? null).toBeNull();

    const on = await setActive(leaving, true);
    expect(on.data!.setUserActive).toEqual({ id: leaving.gid, active: true, version: 3 });
    expect((await app.gql(ME, undefined, token)).data!.me.user.name).toBe('Persoon vertrekker');

    const trail = await app.gql(TRAIL, { id: leaving.gid }, await asUser(app, OPERATOR));
    expect(
      trail.data!.auditEvents.nodes.map((e: { action: string; changes: unknown }) => [e.action, e.changes]),
    ).toEqual([
      ['REACTIVATE', [{ field: 'active', before: false, after: true }]],
      ['DEACTIVATE', [{ field: 'active', before: true, after: false }]],
    ]);
  });

  it('changes nothing (no version, no entry) when the account already is so', async () => {
    const idle = await person('al-actief');
    const res = await setActive(idle, true);
    expect(res.data!.setUserActive).toEqual({ id: idle.gid, active: true, version: 1 });
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [
      idle.id,
    ]);
    expect(n).toBe(0);
  });

  it('refuses a stale version with CONFLICT and the current version, and changes nothing', async () => {
    const someone = await person('verouderd');
    const res = await app.gql(
      SET_ACTIVE,
      { input: { id: someone.gid, version: 7, active: false } },
      await asUser(app, OPERATOR),
    );
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
    expect(await stored(someone)).toEqual({ active: true, version: 1 });
  });

  it('keeps the entry in the whole trail (operators, VWS) and out of the trail of the parties the account is in', async () => {
    const p = await party('Leesregel');
    const admin = await person('leesbeheerder');
    await member(admin, p.id, 'ADMIN');
    const leaving = await person('gelezen');
    await member(leaving, p.id, 'VIEWER');
    expect((await setActive(leaving, false)).errors).toBeUndefined();
    const [{ id: eventId }] = await app.dataSource.query(
      `SELECT id FROM audit_event WHERE entity_id = $1 AND action = 'DEACTIVATE'`,
      [leaving.id],
    );
    const eventGid = toGlobalId('AuditEvent', eventId);
    const readers: [string, boolean][] = [
      [OPERATOR, true],
      ['vws.viewer@example.org', true],
      [admin.email, false],
      ['pfn.admin@example.org', false],
    ];
    const seen = await Promise.all(
      readers.map(async ([email]) => {
        const headers = await asUser(app, email);
        const [list, node] = await Promise.all([
          app.gql(TRAIL, { id: leaving.gid }, headers),
          app.gql(NODE, { id: eventGid }, headers),
        ]);
        // The list (SQL twin) and node(id:) (the rule) answer alike.
        return [email, list.data!.auditEvents.nodes.length === 1, node.data!.node !== null];
      }),
    );
    expect(seen).toEqual(readers.map(([email, reads]) => [email, reads, reads]));
  });
});

describe('who may, and bad input', () => {
  let target: Person;
  let targetAdmin: Person;
  beforeAll(async () => {
    const p = await party('Rechten');
    targetAdmin = await person('rechtenbeheerder');
    await member(targetAdmin, p.id, 'ADMIN');
    target = await person('doelwit');
    await member(target, p.id, 'EDITOR');
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED', null],
    ["the admin of the account's party", 'FORBIDDEN', 'admin'],
    ['a VWS admin (reads everything internal)', 'FORBIDDEN', 'vws.admin@example.org'],
    ['an editor', 'FORBIDDEN', 'fms.editor@example.org'],
    ['the account itself', 'FORBIDDEN', 'self'],
  ])('refuses %s with %s and changes nothing', async (_, code, who) => {
    const email = who === 'admin' ? targetAdmin.email : who === 'self' ? target.email : who;
    const res = await app.gql(
      SET_ACTIVE,
      { input: { id: target.gid, version: 1, active: false } },
      await asUser(app, email),
    );
    expect(outcome(res, (data) => data.setUserActive)).toBe(code);
    expect(await stored(target)).toEqual({ active: true, version: 1 });
  });

  it('answers FORBIDDEN, not NOT_FOUND, to a non-operator naming no account', async () => {
    const res = await app.gql(
      SET_ACTIVE,
      { input: { id: toGlobalId('User', randomUUID()), version: 1, active: false } },
      await asUser(app, 'vws.admin@example.org'),
    );
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it.each([
    ['an unknown account', 'NOT_FOUND', () => toGlobalId('User', randomUUID()), 1, undefined],
    ['a malformed id', 'BAD_USER_INPUT', () => 'not-an-id', 1, 'input.id'],
    ["another type's id", 'BAD_USER_INPUT', () => toGlobalId('Party', randomUUID()), 1, 'input.id'],
    ['version 0', 'BAD_USER_INPUT', () => target.gid, 0, 'input.version'],
  ])('answers an operator sending %s with %s', async (_, code, id, version, field) => {
    const res = await app.gql(SET_ACTIVE, { input: { id: id(), version, active: false } }, await asUser(app, OPERATOR));
    expect(res.status).toBeLessThan(500);
    expect([res.errors![0]!.extensions!.code, res.errors![0]!.extensions!.field]).toEqual([code, field]);
  });

  it('refuses an operator deactivating themself with BAD_USER_INPUT; they can still sign in', async () => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM "user" WHERE email = $1`, [OPERATOR]);
    const self = { id, gid: toGlobalId('User', id), email: OPERATOR };
    const res = await setActive(self, false);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    expect((await stored(self)).active).toBe(true);
    expect((await app.gql(ME, undefined, await asUser(app, OPERATOR))).errors).toBeUndefined();
  });
});

describe("a party's last admin who can sign in", () => {
  it('is refused with BAD_USER_INPUT naming the party, and deactivated once someone else is admin', async () => {
    const alone = await party('Alleen');
    const shared = await party('Gedeeld');
    const last = await person('laatste');
    const gone = await person('weg', false);
    const other = await person('ander');
    await member(last, alone.id, 'ADMIN');
    await member(gone, alone.id, 'ADMIN');
    await member(last, shared.id, 'ADMIN');
    await member(other, shared.id, 'ADMIN');

    const refused = await setActive(last, false);
    expect(refused.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.id',
      partyIds: [alone.gid],
    });
    expect(refused.errors![0]!.message).toContain(alone.name);
    expect(refused.errors![0]!.message).not.toContain(shared.name);
    expect(await stored(last)).toEqual({ active: true, version: 1 });

    const heir = await person('opvolger');
    await member(heir, alone.id, 'ADMIN');
    const done = await setActive(last, false);
    expect(done.data!.setUserActive).toMatchObject({ active: false, version: 2 });
    expect(await activeAdmins(alone.id)).toEqual([heir.email]);
  });
});

/**
 * An operator deactivates admin B while admin A demotes themself, the party's only other admin who can sign in.
 * A session holding the audit table stops each write at its audit entry, after its check: the second write
 * starts while the first still holds its locks. Each must wait for the other's admin rows, and read after the
 * wait whether the other's change left an admin; then the first wins and the second is refused as the last admin.
 */
describe('deactivating an admin while another admin gives up the role', () => {
  async function partyWithTwoAdmins() {
    const p = await party('Race');
    const ids = [randomUUID(), randomUUID(), randomUUID()].sort();
    // A deactivated admin with the smallest id: locked with the others, never counted.
    await member(await person('weg', false), p.id, 'ADMIN', ids[0]);
    const a = await person('a');
    const b = await person('b');
    const aMembership = await member(a, p.id, 'ADMIN', ids[1]);
    await member(b, p.id, 'ADMIN', ids[2]);
    return { partyId: p.id, a, b, aMembership };
  }

  it.each([
    ['the deactivation first', 'deactivate'],
    ['the demotion first', 'demote'],
  ])('%s: it succeeds, the other is refused, the party keeps an admin who can sign in', async (_, first) => {
    const { partyId, a, b, aMembership } = await partyWithTwoAdmins();
    const deactivate = async () =>
      app.gql(SET_ACTIVE, { input: { id: b.gid, version: 1, active: false } }, await asUser(app, OPERATOR));
    const demote = async () =>
      app.gql(
        UPDATE,
        { input: { id: toGlobalId('Membership', aMembership), version: 1, role: 'EDITOR' } },
        await asUser(app, a.email),
      );
    const [start, then] = first === 'deactivate' ? [deactivate, demote] : [demote, deactivate];

    let answers: GraphQLResponse[] = [];
    const blocker = app.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query(`LOCK TABLE audit_event IN SHARE MODE`);
      let settled = false;
      const one = start().finally(() => (settled = true));
      await untilWaiting(app.dataSource, 1, () => settled);
      const other = then().finally(() => (settled = true));
      await untilWaiting(app.dataSource, 2, () => settled);
      await blocker.commitTransaction();
      answers = await Promise.all([one, other]);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }

    expect(answers.map((res) => res.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(['ok', 'BAD_USER_INPUT']);
    expect(await activeAdmins(partyId)).toEqual([first === 'deactivate' ? a.email : b.email]);
  });
});
