import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { dutchOrder } from '../../../server/loaders/order';

/**
 * Party.members, Sector.parties and Query.capabilityGrants read only their page from the database:
 * nested lists in one statement for all owners.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const ids = async (sql: string, params: unknown[] = []): Promise<string[]> =>
  (await app.dataSource.query(sql, params)).map((r: { id: string }) => r.id);

describe('Party.members', () => {
  const MEMBERS = (partyIds: string[]) =>
    `query($first: Int) { ${partyIds
      .map((id, i) => `n${i}: party(id: "${toGlobalId('Party', id)}") { members(first: $first) { id } }`)
      .join(' ')} }`;
  const members = (res: { data?: any }, i = 0): string[] | null =>
    res.data![`n${i}`].members?.map((m: { id: string }) => m.id) ?? null;
  let nhg: string;
  let expected: string[];
  beforeAll(async () => {
    [nhg] = await ids(`SELECT id FROM party WHERE key = 'nhg'`);
    // 30 more members of NHG, one second apart.
    await app.dataSource.query(
      `WITH u AS (INSERT INTO "user" (email, name, synthetic)
                  SELECT 'member-pages-' || i || '@example.org', 'Member ' || i, true FROM generate_series(1, 30) AS i
                  RETURNING id, email)
       INSERT INTO membership (user_id, party_id, role, created_at)
       SELECT u.id, $1, 'VIEWER', now() + substring(u.email FROM '[0-9]+')::int * interval '1 second' FROM u`,
      [nhg],
    );
    expected = (await ids('SELECT id FROM membership WHERE party_id = $1 ORDER BY created_at, id', [nhg])).map((id) =>
      toGlobalId('Membership', id),
    );
  });

  it('gives the first `first` members, oldest first, to those who read the party', async () => {
    const viewer = await asUser(app, 'nhg.editor@example.org');
    const three = await app.gql(MEMBERS([nhg]), { first: 3 }, viewer);
    expect(three.errors).toBeUndefined();
    expect(members(three)).toEqual(expected.slice(0, 3));
    expect(members(await app.gql(MEMBERS([nhg]), { first: 100 }, viewer))).toEqual(expected);
    expect(members(await app.gql(MEMBERS([nhg]), { first: 100 }))).toBeNull();
  });

  it('reads the same number of statements for 5 and for 25 parties (the alias limit is 30)', async () => {
    const parties = await ids('SELECT id FROM party ORDER BY key LIMIT 25');
    const viewer = await asUser(app, 'vws.viewer@example.org');
    const a = await app.countQueries(() => app.gql(MEMBERS(parties.slice(0, 5)), { first: 2 }, viewer));
    const b = await app.countQueries(() => app.gql(MEMBERS(parties), { first: 2 }, viewer));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(members(b.result, 24)).not.toBeNull();
    if (process.env.H6_MEASURE) console.log('members statements', a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});

describe('Sector.parties', () => {
  const PARTIES = (sectorIds: string[]) =>
    `query($first: Int) { ${sectorIds
      .map((id, i) => `n${i}: sector(id: "${toGlobalId('Sector', id)}") { parties(first: $first) { name } }`)
      .join(' ')} }`;
  const names = (res: { data?: any }, i = 0): string[] => res.data![`n${i}`].parties.map((p: any) => p.name);

  it('gives the first `first` parties in Dutch name order, and all of them when `first` is beyond the list', async () => {
    const [sector] = await ids(
      'SELECT sector_id AS id FROM party_sector GROUP BY sector_id ORDER BY count(*) DESC, sector_id LIMIT 1',
    );
    const all: string[] = (
      await app.dataSource.query(
        'SELECT p.name FROM party p JOIN party_sector j ON j.party_id = p.id WHERE j.sector_id = $1',
        [sector],
      )
    )
      .map((r: { name: string }) => r.name)
      .sort(dutchOrder);
    expect(all.length).toBeGreaterThan(3);
    expect(names(await app.gql(PARTIES([sector!]), { first: 3 }))).toEqual(all.slice(0, 3));
    expect(names(await app.gql(PARTIES([sector!]), { first: 100 }))).toEqual(all);
  });

  it('reads the same number of statements for 5 and for 10 sectors (all of them)', async () => {
    const sectors = await ids('SELECT id FROM sector ORDER BY key');
    const a = await app.countQueries(() => app.gql(PARTIES(sectors.slice(0, 5)), {}));
    const b = await app.countQueries(() => app.gql(PARTIES(sectors), {}));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    if (process.env.H6_MEASURE) console.log('sector parties statements', a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});

describe('Query.capabilityGrants', () => {
  it('gives the first `first` grants by capability and key, reading only those', async () => {
    const all: string[] = (await app.dataSource.query('SELECT key FROM capability_grant ORDER BY capability, key')).map(
      (r: { key: string }) => r.key,
    );
    const query = 'query($first: Int) { capabilityGrants(first: $first) { key } }';
    const five = await app.countQueries(() => app.gql(query, { first: 5 }));
    expect(five.result.errors).toBeUndefined();
    expect(five.result.data!.capabilityGrants.map((g: { key: string }) => g.key)).toEqual(all.slice(0, 5));
    expect(five.statements.filter((s) => /FROM "capability_grant"/.test(s) && /LIMIT 5/.test(s))).toHaveLength(1);
    const beyond = await app.gql(query, { first: 100 });
    expect(beyond.data!.capabilityGrants.map((g: { key: string }) => g.key)).toEqual(all);
  });
});
