import { createTestApp, type TestApp } from '../../helpers/app';
import { idsByKey } from '../../helpers/research';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('cases', () => {
  it('lists the cases of the documents with sector, parties, guidelines and sources', async () => {
    const res = await app.gql(`{ cases { key kind sector { key } parties { key } sources { document quote } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.cases).toHaveLength(8);
    const lessIsMore = res.data!.cases.find((c: any) => c.key === 'less-is-more-mdl');
    expect(lessIsMore).toMatchObject({ kind: 'GOOD_PRACTICE', sector: { key: 'msz' } });
    expect(lessIsMore.parties.map((p: any) => p.key).sort()).toEqual(['mdl-artsen', 'zegg']);
    for (const c of res.data!.cases) expect(c.sources.length).toBeGreaterThan(0);
    const scarcity = await app.gql(`{ cases(filter: { kind: SCARCITY_CASE }) { key } }`);
    expect(scarcity.data!.cases.map((c: any) => c.key)).toEqual([
      'behandelcapaciteit-complexe-ggz',
      'verdeling-capaciteit-wijkverpleging',
      'vroeggeboorte-onder-24-weken',
    ]);
  });

  it('filters by a list of sectors like every list, and still by the deprecated single sector', async () => {
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const all = (await app.gql(`{ cases { key sector { key } } }`)).data!.cases as any[];
    const bySectors = async (filter: Record<string, unknown>) => {
      const res = await app.gql(`query($f: PracticeCaseFilter) { cases(filter: $f) { key } }`, { f: filter });
      expect(res.errors).toBeUndefined();
      return res.data!.cases.map((c: any) => c.key);
    };
    const of = (keys: string[]) => all.filter((c) => keys.includes(c.sector?.key)).map((c) => c.key);
    expect(of(['msz']).length).toBeGreaterThan(0);
    expect(of(['ggz']).length).toBeGreaterThan(0);
    expect(await bySectors({ sectorIds: [sectors.msz, sectors.ggz] })).toEqual(of(['msz', 'ggz']));
    expect(await bySectors({ sectorId: sectors.msz })).toEqual(of(['msz']));
    const both = await app.gql(`query($f: PracticeCaseFilter) { cases(filter: $f) { key } }`, {
      f: { sectorIds: [sectors.msz], sectorId: sectors.msz },
    });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
