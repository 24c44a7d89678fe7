import { randomUUID } from 'node:crypto';
import { toGlobalId } from 'graphql-relay';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { untilWaiting } from '../../helpers/locks';

/**
 * Two admins of a party, each taking the other's admin role at the same moment. Each write locked its own
 * target membership first and then all the party's admin rows in id order, so the two held what the other
 * waited for and one was cut off as a deadlock (a retryable CONFLICT). Locking the admins, the target among
 * them, in one statement and one order, the second waits for the first and is refused as the last admin.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const UPDATE = `mutation($input: UpdateMembershipInput!) { updateMembership(input: $input) { role } }`;
const REMOVE = `mutation($input: RemoveMembershipInput!) { removeMembership(input: $input) { removedMembershipId } }`;

interface Admins {
  /** An admin whose account is deactivated: locked with the others but no admin that counts. */
  gone: string;
  first: { id: string; email: string };
  second: { id: string; email: string };
}

/**
 * A party with two admins who can sign in and a deactivated one whose membership has the smallest id, so a
 * session holding that row stops each write where it locks the party's admins.
 */
async function partyWithTwoAdmins(): Promise<Admins> {
  const tag = randomUUID().slice(0, 8);
  const [{ id: partyId }] = await app.dataSource.query(
    `INSERT INTO party (key, name, kind) VALUES ($1, $2, 'OTHER') RETURNING id`,
    [`race-${tag}`, `Race ${tag}`],
  );
  const ids = [randomUUID(), randomUUID(), randomUUID()].sort();
  const people = ['gone', 'first', 'second'].map((role, i) => ({
    role,
    id: ids[i]!,
    email: `${role}.${tag}@example.org`,
  }));
  for (const person of people) {
    const [{ id: userId }] = await app.dataSource.query(
      `INSERT INTO "user" (email, name, active) VALUES ($1, $2, $3) RETURNING id`,
      [person.email, `Beheerder ${person.role}`, person.role !== 'gone'],
    );
    await app.dataSource.query(`INSERT INTO membership (id, user_id, party_id, role) VALUES ($1, $2, $3, 'ADMIN')`, [
      person.id,
      userId,
      partyId,
    ]);
  }
  const [gone, first, second] = people;
  return { gone: gone!.id, first: first!, second: second! };
}

const takeAdminRole: [string, string, (id: string) => Record<string, unknown>][] = [
  ['demote', UPDATE, (id) => ({ id: toGlobalId('Membership', id), version: 1, role: 'EDITOR' })],
  ['remove', REMOVE, (id) => ({ id: toGlobalId('Membership', id), version: 1 })],
];

describe('two admins taking each other’s admin role at once', () => {
  it.each(takeAdminRole)(
    '%s: one succeeds, the other is refused as the last admin, no deadlock',
    async (_, mutation, input) => {
      const { gone, first, second } = await partyWithTwoAdmins();
      // Each acts on the other: the first admin on the second's membership, the second on the first's.
      const act = async (actor: { email: string }, target: { id: string }) =>
        app.gql(mutation, { input: input(target.id) }, await asUser(app, actor.email));

      let answers: GraphQLResponse[] = [];
      const blocker = app.dataSource.createQueryRunner();
      await blocker.connect();
      try {
        await blocker.startTransaction();
        await blocker.query(`SELECT id FROM membership WHERE id = $1 FOR UPDATE`, [gone]);
        const one = act(first, second);
        await untilWaiting(app.dataSource, 1);
        const other = act(second, first);
        await untilWaiting(app.dataSource, 2);
        await blocker.commitTransaction();
        answers = await Promise.all([one, other]);
      } finally {
        if (blocker.isTransactionActive) await blocker.rollbackTransaction();
        await blocker.release();
      }

      const codes = answers.map((a) => a.errors?.map((e) => e.extensions?.code));
      expect(codes.filter((c) => c === undefined)).toHaveLength(1);
      expect(codes.filter((c) => c !== undefined)).toEqual([['BAD_USER_INPUT']]);
      const refused = answers.findIndex((a) => a.errors);
      expect(answers[refused]!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      // The refused write's target keeps the admin role: the party's one admin who can sign in.
      const kept = refused === 0 ? second : first;
      const admins = await app.dataSource.query(
        `SELECT m.id FROM membership m JOIN "user" u ON u.id = m.user_id
        WHERE m.party_id = (SELECT party_id FROM membership WHERE id = $1) AND m.role = 'ADMIN' AND u.active`,
        [gone],
      );
      expect(admins.map((a: { id: string }) => a.id)).toEqual([kept.id]);
    },
  );
});
