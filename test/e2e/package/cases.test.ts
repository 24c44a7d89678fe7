import { createTestApp, type TestApp } from '../../helpers/app';

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
});
