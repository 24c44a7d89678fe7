import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

let app: TestApp;
let vws: Record<string, string>;
beforeAll(async () => {
  // Each list is asked once per sector and per party: far more requests than a person sends.
  app = await createTestApp({ RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '100000' });
  vws = await asUser(app, 'vws.admin@example.org');
});
afterAll(() => app.close());

/** Each list, the filter field that takes ids, its deprecated single-id form and the kind of id. */
const LISTS = [
  ['parties', 'PartyFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['deliverables', 'DeliverableFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['deliverables', 'DeliverableFilter', 'ownerPartyIds', 'ownerPartyId', 'Party', 'nodes { id }'],
  ['deliverables', 'DeliverableFilter', 'programmeIds', 'programmeId', 'Programme', 'nodes { id }'],
  ['milestoneTimeline', 'MilestoneTimelineFilter', 'programmeIds', 'programmeId', 'Programme', 'nodes { title }'],
  ['milestoneTimeline', 'MilestoneTimelineFilter', 'partyIds', 'partyId', 'Party', 'nodes { title }'],
  ['interventions', 'InterventionFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['researchAgendas', 'ResearchAgendaFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['guidelines', 'GuidelineFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['guidelines', 'GuidelineFilter', 'ownerPartyIds', 'ownerPartyId', 'Party', 'nodes { id }'],
  ['packageAssessments', 'PackageAssessmentFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['synergyLinks', 'SynergyLinkFilter', 'sectorIds', 'sectorId', 'Sector', 'nodes { id }'],
  ['synergyLinks', 'SynergyLinkFilter', 'partyIds', 'partyId', 'Party', 'nodes { id }'],
  ['synergyConflicts', 'SynergyConflictFilter', 'sectorIds', 'sectorId', 'Sector', 'totalCount nodes { key }'],
  ['synergyConflicts', 'SynergyConflictFilter', 'partyIds', 'partyId', 'Party', 'totalCount nodes { key }'],
  ['auditEvents', 'AuditEventFilter', 'partyIds', 'partyId', 'Party', 'nodes { id }'],
] as const;

const TABLES: Record<string, string> = { Sector: 'sector', Party: 'party', Programme: 'programme' };

async function items(list: string, filterType: string, filter: Record<string, unknown>): Promise<string[]> {
  const selection = LISTS.find((l) => l[0] === list)![5];
  const res = await app.gql(
    `query($f: ${filterType}) { ${list}(first: 100, filter: $f) { ${selection} } }`,
    { f: filter },
    vws,
  );
  expect(res.errors).toBeUndefined();
  return res.data![list].nodes.map((row: unknown) => JSON.stringify(row)).sort();
}

beforeAll(async () => {
  // Audit rows for two parties, so the audit filter has something to tell apart.
  const sectors = await idsByKey(app, 'Sector', 'sector');
  await propose(app, 'pfn.contributor@example.org', { title: 'Vraag van PFN', sectorIds: [sectors.ggz] });
  await propose(app, 'fms.contributor@example.org', { title: 'Vraag van FMS', sectorIds: [sectors.msz] });
});

describe.each(LISTS)('%s(filter: { %s … })', (list, filterType, listField, singleField, idType) => {
  it(`${listField} returns what its ids return one at a time, together`, async () => {
    const ids = Object.values(await idsByKey(app, idType, TABLES[idType]!));
    const rowsOf = new Map<string, string[]>();
    for (const id of ids) rowsOf.set(id, await items(list, filterType, { [listField]: [id] }));
    // One id that narrows the list to something, and one that narrows it to something else (the seed
    // has conflicts in one sector only, so that may be nothing).
    const first = ids.find((id) => rowsOf.get(id)!.length > 0)!;
    const second = ids.find((id) => JSON.stringify(rowsOf.get(id)) !== JSON.stringify(rowsOf.get(first)))!;
    expect(rowsOf.get(first)!.length).toBeGreaterThan(0);
    expect(second).toBeDefined();
    const both = await items(list, filterType, { [listField]: [first, second] });
    expect(both).toEqual([...new Set([...rowsOf.get(first)!, ...rowsOf.get(second)!])].sort());
    expect(await items(list, filterType, { [singleField]: first })).toEqual(rowsOf.get(first));
  });

  it(`keeps ${singleField} as a deprecated form of ${listField}`, async () => {
    const res = await app.gql(
      `query($t: String!) { __type(name: $t) { inputFields(includeDeprecated: true) { name type { kind ofType { kind } } isDeprecated deprecationReason } } }`,
      { t: filterType },
    );
    const fields = res.data!.__type.inputFields;
    expect(fields).toContainEqual({
      name: singleField,
      type: { kind: 'SCALAR', ofType: null },
      isDeprecated: true,
      deprecationReason: `Use ${listField}.`,
    });
    expect(fields).toContainEqual({
      name: listField,
      type: { kind: 'LIST', ofType: { kind: 'NON_NULL' } },
      isDeprecated: false,
      deprecationReason: null,
    });
  });

  it(`refuses ${listField} together with ${singleField}, and an id of another type, with BAD_USER_INPUT`, async () => {
    const [id] = Object.values(await idsByKey(app, idType, TABLES[idType]!));
    const query = `query($f: ${filterType}) { ${list}(first: 100, filter: $f) { __typename } }`;
    const both = await app.gql(query, { f: { [listField]: [id], [singleField]: id } }, vws);
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `filter.${singleField}` });
    const other = await app.gql(
      query,
      { f: { [listField]: [id, 'VXNlcjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA='] } },
      vws,
    );
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `filter.${listField}.1` });
  });
});

describe('audit rows', () => {
  it('show ids in changed fields as global ids that node(id:) resolves, and the owning party', async () => {
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const question = await propose(app, 'pfn.contributor@example.org', {
      title: 'Welke zorg helpt bij langdurige pijn?',
      sectorIds: [sectors.ggz, sectors.msz],
    });
    const res = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { entityId ownerParty { key } changes { field after } } } }`,
      { id: question.id },
      vws,
    );
    expect(res.errors).toBeUndefined();
    const [event] = res.data!.auditEvents.nodes;
    expect(event.entityId).toBe(question.id);
    expect(event.ownerParty).toEqual({ key: 'patientenfederatie' });
    const changed = Object.fromEntries(event.changes.map((c: any) => [c.field, c.after]));
    expect([...changed.sectorIds].sort()).toEqual([sectors.ggz, sectors.msz].sort());
    const proposer = await app.gql(`query($id: ID!) { node(id: $id) { __typename ... on Party { key } } }`, {
      id: changed.proposedByPartyId,
    });
    expect(proposer.data!.node).toEqual({ __typename: 'Party', key: 'patientenfederatie' });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const all = await app.gql(`{ auditEvents(first: 100) { nodes { changes { field before after } } } }`, {}, vws);
    const values = all.data!.auditEvents.nodes.flatMap((n: any) =>
      n.changes.flatMap((c: any) => [c.before, c.after].flat()),
    );
    expect(values.filter((v: unknown) => typeof v === 'string' && uuid.test(v))).toEqual([]);
  });
});
