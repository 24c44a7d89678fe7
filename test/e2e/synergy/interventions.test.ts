import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await app.dataSource.query(`
    INSERT INTO intervention (key, name, indication, sector_id, synthetic)
    SELECT v.key, v.name, v.indication, (SELECT id FROM sector WHERE key = v.sector), true
      FROM (VALUES ('test-emdr', 'Digitale EMDR', 'PTSS', 'ggz'),
                   ('test-barrett', 'Surveillance-endoscopie', 'Barrett-slokdarm', 'msz'),
                   ('test-fysio', 'Fysiotherapie', 'Knieartrose', 'paramedische-zorg')) AS v(key, name, indication, sector)`);
});
afterAll(() => app.close());

describe('interventions', () => {
  it('lists, searches (case and accents ignored) and filters by sector', async () => {
    const all = await app.gql('{ interventions(first: 100) { totalCount nodes { key name sector { key } } } }');
    const ours = all.data!.interventions.nodes.filter((n: any) => n.key.startsWith('test-'));
    expect(ours.map((n: any) => n.key)).toEqual(['test-emdr', 'test-fysio', 'test-barrett']);
    const search = await app.gql('{ interventions(filter: { search: "barrett-SLOKDARM" }) { nodes { key } } }');
    expect(search.data!.interventions.nodes).toEqual([{ key: 'test-barrett' }]);
    const ggz = ours[0].sector;
    const sectors = await app.gql('{ sectors { id key } }');
    const ggzId = sectors.data!.sectors.find((s: any) => s.key === ggz.key).id;
    const bySector = await app.gql(
      `query($s: ID!) { interventions(first: 100, filter: { sectorId: $s }) { nodes { key sector { key } } } }`,
      { s: ggzId },
    );
    const inGgz = bySector.data!.interventions.nodes;
    expect(inGgz.map((n: any) => n.key)).toContain('test-emdr');
    expect(inGgz.map((n: any) => n.key)).not.toContain('test-barrett');
    expect(inGgz.every((n: any) => n.sector.key === 'ggz')).toBe(true);
  });

  it('round-trips through node(id:) and intervention(id:)', async () => {
    const all = await app.gql('{ interventions(first: 1) { nodes { id name } } }');
    const { id, name } = all.data!.interventions.nodes[0];
    const one = await app.gql(
      `query($id: ID!) { intervention(id: $id) { name } node(id: $id) { ... on Intervention { name } } }`,
      { id },
    );
    expect(one.data).toEqual({ intervention: { name }, node: { name } });
  });
});
