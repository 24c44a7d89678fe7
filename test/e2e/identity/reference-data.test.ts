import criteriaData from '../../../server/db/seed/data/package-criteria.json';
import responsibilitiesJson from '../../../server/db/seed/data/responsibilities.json';
import partiesJson from '../../../server/db/seed/data/parties.json';
import sectorsData from '../../../server/db/seed/data/sectors.json';
import type { PartyRecord, ResponsibilityRecord } from '../../../server/db/seed/records';
import { createTestApp, type TestApp } from '../../helpers/app';

const responsibilitiesData = responsibilitiesJson as ResponsibilityRecord[];
const partiesData = partiesJson as PartyRecord[];
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('sectors and package criteria', () => {
  it('lists every sector with its law, maturity and sources', async () => {
    const res = await app.gql(`{ sectors { key nameNl law maturity sources { document quote } synthetic } }`);
    expect(res.data!.sectors.map((s: any) => s.key).sort()).toEqual(sectorsData.map((s) => s.key).sort());
    const msz = res.data!.sectors.find((s: any) => s.key === 'msz');
    expect(msz).toMatchObject({ law: 'ZVW', maturity: 'ESTABLISHED', synthetic: false });
    for (const sector of res.data!.sectors) expect(sector.sources.length).toBeGreaterThan(0);
  });

  it('lists the package criteria with their status and filters them', async () => {
    const all = await app.gql(`{ packageCriteria { key status type } }`);
    expect(all.data!.packageCriteria).toHaveLength(criteriaData.length);
    const candidates = await app.gql(`{ packageCriteria(filter: { status: CANDIDATE }) { key } }`);
    expect(candidates.data!.packageCriteria.map((c: any) => c.key).sort()).toEqual(
      criteriaData
        .filter((c) => c.status === 'CANDIDATE')
        .map((c) => c.key)
        .sort(),
    );
    const legal = await app.gql(`{ packageCriteria(filter: { type: LEGAL_REQUIREMENT }) { key } }`);
    expect(legal.data!.packageCriteria.map((c: any) => c.key).sort()).toEqual(
      criteriaData
        .filter((c) => c.type === 'LEGAL_REQUIREMENT')
        .map((c) => c.key)
        .sort(),
    );
  });
});

describe('responsibilities', () => {
  it('lists every documented duty with its source quote', async () => {
    const res = await app.gql(`{ responsibilities { key area textNl sources { document quote } } }`);
    expect(res.data!.responsibilities).toHaveLength(responsibilitiesData.length);
    for (const r of res.data!.responsibilities) expect(r.sources[0].quote.length).toBeGreaterThanOrEqual(15);
  });

  it('filters by party kind, including duties of named parties of that kind', async () => {
    const kindOf = new Map(partiesData.map((p) => [p.key, p.kind]));
    const expected = responsibilitiesData
      .filter((r) => r.partyKind === 'PACKAGE_MANAGER' || (r.partyKey && kindOf.get(r.partyKey) === 'PACKAGE_MANAGER'))
      .map((r) => r.key)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const res = await app.gql(`{ responsibilities(filter: { partyKind: PACKAGE_MANAGER }) { key party { kind } } }`);
    expect(res.data!.responsibilities.map((r: any) => r.key).sort()).toEqual(expected);
  });

  it('filters by area and by both', async () => {
    const res = await app.gql(
      `{ responsibilities(filter: { area: GUIDELINES, partyKind: SCIENTIFIC_ASSOCIATION }) { key area partyKind } }`,
    );
    const expected = responsibilitiesData
      .filter((r) => r.area === 'GUIDELINES' && r.partyKind === 'SCIENTIFIC_ASSOCIATION')
      .map((r) => r.key);
    expect(res.data!.responsibilities.map((r: any) => r.key).sort()).toEqual(expected.sort());
    expect(res.data!.responsibilities.every((r: any) => r.area === 'GUIDELINES')).toBe(true);
  });

  it('refuses an unknown area with a validation error', async () => {
    const res = await app.gql(`{ responsibilities(filter: { area: NONSENSE }) { key } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('node(id:)', () => {
  it('round-trips the id of every object type', async () => {
    const res = await app.gql(`{
      parties(first: 1) { nodes { id name } }
      sectors { id nameNl }
      packageCriteria { id nameNl }
      responsibilities { id textNl }
    }`);
    const samples = [
      { id: res.data!.parties.nodes[0].id, type: 'Party', field: 'name', value: res.data!.parties.nodes[0].name },
      { id: res.data!.sectors[0].id, type: 'Sector', field: 'nameNl', value: res.data!.sectors[0].nameNl },
      {
        id: res.data!.packageCriteria[0].id,
        type: 'PackageCriterion',
        field: 'nameNl',
        value: res.data!.packageCriteria[0].nameNl,
      },
      {
        id: res.data!.responsibilities[0].id,
        type: 'Responsibility',
        field: 'textNl',
        value: res.data!.responsibilities[0].textNl,
      },
    ];
    for (const sample of samples) {
      const node = await app.gql(
        `query($id: ID!) { node(id: $id) { __typename id ... on Party { name } ... on Sector { nameNl } ... on PackageCriterion { nameNl } ... on Responsibility { textNl } } }`,
        { id: sample.id },
      );
      expect(node.errors).toBeUndefined();
      expect(node.data!.node).toMatchObject({ __typename: sample.type, id: sample.id, [sample.field]: sample.value });
    }
  });

  it('fetches sources through the Sourced interface', async () => {
    const res = await app.gql(`{ sectors { id } }`);
    const node = await app.gql(`query($id: ID!) { node(id: $id) { ... on Sourced { key sources { document } } } }`, {
      id: res.data!.sectors[0].id,
    });
    expect(node.data!.node.sources.length).toBeGreaterThan(0);
  });

  it('returns null for a well-formed id that matches nothing', async () => {
    const res = await app.gql(`{ node(id: "U2VjdG9yOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
  });

  it.each([
    ['garbage', 'nonsense'],
    ['a raw uuid', '6f1c2b0e-8a7e-4f5e-9f6f-0b1c2d3e4f50'],
    ['an empty string', ''],
  ])('refuses %s as an id with BAD_USER_INPUT', async (_case, id) => {
    const res = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});
