import partiesJson from '../../../server/db/seed/data/parties.json';
import type { PartyRecord } from '../../../server/db/seed/records';
import { createTestApp, type TestApp } from '../../helpers/app';

const partiesData = partiesJson as PartyRecord[];
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const PAGE = /* GraphQL */ `
  query Parties($first: Int, $after: String, $filter: PartyFilter) {
    parties(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          id
          key
          name
          kind
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

async function allPages(filter?: Record<string, unknown>, first = 10) {
  const names: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: any = await app.gql(PAGE, { first, after, filter });
    expect(res.errors).toBeUndefined();
    const conn = res.data.parties;
    names.push(...conn.edges.map((e: any) => e.node.key));
    if (!conn.pageInfo.hasNextPage) return { keys: names, totalCount: conn.totalCount };
    after = conn.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('parties', () => {
  it('pages through every seeded party exactly once, by name', async () => {
    const { keys, totalCount } = await allPages();
    expect(totalCount).toBe(partiesData.length);
    expect(new Set(keys).size).toBe(partiesData.length);
    expect(keys.sort()).toEqual(partiesData.map((p) => p.key).sort());
  });

  it('reports page boundaries in pageInfo', async () => {
    const first = await app.gql(PAGE, { first: 3 });
    expect(first.data!.parties.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data!.parties.edges).toHaveLength(3);
    const second = await app.gql(PAGE, { first: 3, after: first.data!.parties.pageInfo.endCursor });
    expect(second.data!.parties.pageInfo.hasPreviousPage).toBe(true);
    const names = [...first.data!.parties.edges, ...second.data!.parties.edges].map((e: any) => e.node.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('keeps a cursor valid when rows are added before it', async () => {
    const first = await app.gql(PAGE, { first: 5 });
    const cursor = first.data!.parties.pageInfo.endCursor;
    const before = await app.gql(PAGE, { first: 5, after: cursor });
    await app.dataSource.query(
      `INSERT INTO party (key, name, kind, synthetic) VALUES ('aaa-test', 'AAA Testpartij', 'OTHER', true)`,
    );
    try {
      const after = await app.gql(PAGE, { first: 5, after: cursor });
      expect(after.data!.parties.edges.map((e: any) => e.node.key)).toEqual(
        before.data!.parties.edges.map((e: any) => e.node.key),
      );
      expect(after.data!.parties.totalCount).toBe(before.data!.parties.totalCount + 1);
    } finally {
      await app.dataSource.query(`DELETE FROM party WHERE key = 'aaa-test'`);
    }
  });

  it('filters by kind', async () => {
    const expected = partiesData
      .filter((p) => p.kind === 'SCIENTIFIC_ASSOCIATION')
      .map((p) => p.key)
      .sort();
    const { keys, totalCount } = await allPages({ kind: 'SCIENTIFIC_ASSOCIATION' }, 2);
    expect(totalCount).toBe(expected.length);
    expect(keys.sort()).toEqual(expected);
  });

  it('filters by sectors: the parties of those sectors and the cross-sector parties', async () => {
    const sectors = await app.gql(`{ sectors { id key } }`);
    const byKey = (key: string) => sectors.data!.sectors.find((s: any) => s.key === key).id;
    const expected = (keys: string[]) =>
      partiesData
        .filter((p) => p.sectorKeys.length === 0 || p.sectorKeys.some((k) => keys.includes(k)))
        .map((p) => p.key)
        .sort();
    expect(partiesData.filter((p) => p.sectorKeys.includes('ggz')).length).toBeGreaterThan(0);
    expect(expected(['ggz'])).toContain('patientenfederatie');
    expect((await allPages({ sectorIds: [byKey('ggz')] })).keys.sort()).toEqual(expected(['ggz']));
    expect((await allPages({ sectorIds: [byKey('ggz'), byKey('msz')] })).keys.sort()).toEqual(expected(['ggz', 'msz']));
  });

  it('still takes the deprecated single sectorId, with the same answer as sectorIds', async () => {
    const sectors = await app.gql(`{ sectors { id key } }`);
    const ggz = sectors.data!.sectors.find((s: any) => s.key === 'ggz');
    expect((await allPages({ sectorId: ggz.id })).keys).toEqual((await allPages({ sectorIds: [ggz.id] })).keys);
    const field = await app.gql(`{ __type(name: "PartyFilter") { inputFields(includeDeprecated: true) {
      name isDeprecated deprecationReason } } }`);
    expect(field.data!.__type.inputFields).toEqual(
      expect.arrayContaining([
        { name: 'sectorId', isDeprecated: true, deprecationReason: 'Use sectorIds.' },
        { name: 'sectorIds', isDeprecated: false, deprecationReason: null },
      ]),
    );
  });

  it('finds patient organisations by search in any sector, marked as cross-sector', async () => {
    const sectors = await app.gql(`{ sectors { id key } }`);
    for (const sector of sectors.data!.sectors) {
      const res = await app.gql(
        `query($f: PartyFilter) { parties(filter: $f) { nodes { key crossSector sectors { key } } } }`,
        { f: { sectorIds: [sector.id], search: 'patienten' } },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.parties.nodes).toContainEqual({ key: 'patientenfederatie', crossSector: true, sectors: [] });
    }
    const ggzParty = partiesData.find((p) => p.sectorKeys.includes('ggz'))!;
    const own = await app.gql(`query($f: PartyFilter) { parties(filter: $f) { nodes { key crossSector } } }`, {
      f: { search: ggzParty.name },
    });
    expect(own.data!.parties.nodes).toContainEqual({ key: ggzParty.key, crossSector: false });
  });

  it('searches names ignoring case and accents', async () => {
    const res = await app.gql(PAGE, { filter: { search: 'PATIENTENFEDERATIE' } });
    expect(res.data!.parties.edges.map((e: any) => e.node.key)).toContain('patientenfederatie');
    const byShortName = await app.gql(PAGE, { filter: { search: 'zonmw' } });
    expect(byShortName.data!.parties.edges.map((e: any) => e.node.key)).toContain('zonmw');
  });

  it('combines filters', async () => {
    const res = await app.gql(PAGE, { filter: { kind: 'MINISTRY', search: 'volksgezondheid' } });
    const expected = partiesData
      .filter((p) => p.kind === 'MINISTRY' && p.name.toLowerCase().includes('volksgezondheid'))
      .map((p) => p.key);
    expect(expected.length).toBeGreaterThan(1);
    expect(res.data!.parties.edges.map((e: any) => e.node.key).sort()).toEqual(expected.sort());
  });

  it('treats wildcard characters in a search as text', async () => {
    const res = await app.gql(PAGE, { filter: { search: '%' } });
    expect(res.data!.parties.totalCount).toBe(0);
  });

  it.each([
    ['a negative page size', { first: -1 }, 'first'],
    ['a page size over the maximum', { first: 101 }, 'first'],
    ['a cursor it did not issue', { after: 'not-a-cursor' }, 'after'],
    [
      'a sector id that is not a Sector',
      { filter: { sectorId: 'UGFydHk6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw' } },
      'filter.sectorId',
    ],
    ['a malformed sector id', { filter: { sectorId: 'nonsense' } }, 'filter.sectorId'],
    ['a malformed id in sectorIds', { filter: { sectorIds: ['nonsense'] } }, 'filter.sectorIds.0'],
    [
      'both sectorIds and the deprecated sectorId',
      {
        filter: {
          sectorIds: ['U2VjdG9yOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=='],
          sectorId: 'U2VjdG9yOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==',
        },
      },
      'filter.sectorId',
    ],
    ['a search longer than 200 characters', { filter: { search: 'x'.repeat(201) } }, 'filter.search'],
  ])('refuses %s with BAD_USER_INPUT', async (_case, variables, field) => {
    const res = await app.gql(PAGE, variables);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(res.data?.parties ?? null).toBeNull();
  });

  it('resolves parent, children, sectors and responsibilities', async () => {
    const res = await app.gql(`{
      parties(first: 100, filter: { search: "Zorginstituut" }) {
        nodes { key parent { key } children { key } sectors { key } responsibilities { key area sources { document quote } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const zin = res.data!.parties.nodes.find((p: any) => p.key === 'zorginstituut');
    const children = partiesData
      .filter((p) => p.parentKey === 'zorginstituut')
      .map((p) => p.key)
      .sort();
    expect(zin.children.map((c: any) => c.key).sort()).toEqual(children);
    expect(zin.responsibilities.length).toBeGreaterThan(0);
    for (const r of zin.responsibilities) expect(r.sources.length).toBeGreaterThan(0);
    const child = partiesData.find((p) => p.parentKey === 'zorginstituut')!;
    const childRes = await app.gql(`query($f: PartyFilter) { parties(filter: $f) { nodes { key parent { key } } } }`, {
      f: { search: child.name },
    });
    expect(childRes.data!.parties.nodes.find((p: any) => p.key === child.key).parent.key).toBe('zorginstituut');
  });

  it('returns null for a party that does not exist', async () => {
    const res = await app.gql(`{ party(id: "UGFydHk6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.party).toBeNull();
  });
});

describe('SQL statements per request', () => {
  const NESTED = /* GraphQL */ `
    query Nested($first: Int) {
      parties(first: $first) {
        totalCount
        nodes {
          name
          parent {
            name
          }
          children {
            name
          }
          sectors {
            nameNl
            parties {
              name
            }
          }
          responsibilities {
            area
            summaryEn
          }
        }
      }
    }
  `;

  // One statement per relation level (two for many-to-many: the join rows, then the targets by id).
  it('stay the same for 5 and for 50 parties', async () => {
    const small = await app.countQueries(() => app.gql(NESTED, { first: 5 }));
    const large = await app.countQueries(() => app.gql(NESTED, { first: 50 }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.data!.parties.nodes).toHaveLength(50);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(8);
  });
});
