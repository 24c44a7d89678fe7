import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_PROGRAMME, mutate } from '../../fixtures/deliverables';

/** Programme.workstreams is in position order, then Dutch name; a workstream added without a position goes last. */
const VWS = 'vws.editor@example.org';
const CREATE = `mutation($input: CreateWorkstreamInput!) { createWorkstream(input: $input) { name position } }`;
const WORKSTREAMS = `query($id: ID!) { programme(id: $id) { workstreams(first: 50) { name position } } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function programme(name: string): Promise<string> {
  return (await mutate(app, VWS, CREATE_PROGRAMME, { name })).createProgramme.id;
}

async function workstreams(programmeId: string): Promise<{ name: string; position: number }[]> {
  const res = await app.gql(WORKSTREAMS, { id: programmeId });
  expect(res.errors).toBeUndefined();
  return res.data!.programme.workstreams;
}

describe('a workstream created without a position', () => {
  it('is 0 in an empty programme and goes after one placed further on', async () => {
    const programmeId = await programme('Posities na een gat');
    const first = await mutate(app, VWS, CREATE, { programmeId, name: 'Eerste', kind: 'TRACK' });
    expect(first.createWorkstream.position).toBe(0);
    await mutate(app, VWS, CREATE, { programmeId, name: 'Verder', kind: 'TRACK', position: 5 });
    const last = await mutate(app, VWS, CREATE, { programmeId, name: 'Daarna', kind: 'TRACK' });
    expect(last.createWorkstream.position).toBe(6);
    expect((await workstreams(programmeId)).map((w) => w.name)).toEqual(['Eerste', 'Verder', 'Daarna']);
  });

  it('each goes last when several are created at the same time', async () => {
    const programmeId = await programme('Gelijktijdige sporen');
    const headers = await asUser(app, VWS);
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) =>
        app.gql(CREATE, { input: { programmeId, name: `Spoor ${i}`, kind: 'TRACK' } }, headers),
      ),
    );
    for (const res of results) expect(res.errors).toBeUndefined();
    const positions = results.map((res) => res.data!.createWorkstream.position as number);
    expect([...positions].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('Programme.workstreams', () => {
  it('orders workstreams at the same position by Dutch name', async () => {
    const programmeId = await programme('Zelfde positie');
    for (const name of ['Zorg', 'acute zorg', 'Beleid'])
      await mutate(app, VWS, CREATE, { programmeId, name, kind: 'TRACK', position: 1 });
    expect((await workstreams(programmeId)).map((w) => w.name)).toEqual(['acute zorg', 'Beleid', 'Zorg']);
  });
});
