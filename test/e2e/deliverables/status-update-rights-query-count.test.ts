import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const LIST = `query($first: Int) { deliverables(first: $first) { nodes { id title } } }`;
const RIGHTS = `query($first: Int) { deliverables(first: $first) { nodes { id title mayReport mayChangeStatus } } }`;
const nested = (fields: string) => `query {
  programmes(first: 20) { workstreams(first: 20) { deliverables(first: 20) { id ${fields} } } }
}`;

type Rights = { id: string; mayReport: boolean; mayChangeStatus: boolean };

describe('SQL statements for mayReport and mayChangeStatus', () => {
  // Zorginstituut owns some of the seeded deliverables and contributes to others; VWS plans them all;
  // NHG reports where a professional association owns by kind.
  it.each([
    'zin.editor@example.org',
    'vws.editor@example.org',
    'nhg.editor@example.org',
    'fms.contributor@example.org',
  ])('stay the same for 5 and 50 deliverables, as %s', async (email) => {
    const headers = await asUser(app, email);
    const small = await app.countQueries(() => app.gql(RIGHTS, { first: 5 }, headers));
    const large = await app.countQueries(() => app.gql(RIGHTS, { first: 50 }, headers));
    const without = await app.countQueries(() => app.gql(LIST, { first: 50 }, headers));
    expect(large.result.errors).toBeUndefined();
    const nodes = large.result.data!.deliverables.nodes as Rights[];
    expect(nodes).toHaveLength(50);
    // Each of them reports on some of the page and not on the rest.
    expect(new Set(nodes.map((n) => n.mayReport))).toEqual(new Set([true, false]));
    expect(large.count).toBe(small.count);
    // The facts of all the deliverables in one statement, and the viewer's grants unless the sign-in read them.
    expect(large.count).toBeLessThanOrEqual(without.count + 2);
  });

  it('answers each deliverable of a batch as it answers it alone', async () => {
    const headers = await asUser(app, 'zin.editor@example.org');
    const list = await app.gql(RIGHTS, { first: 50 }, headers);
    const nodes = list.data!.deliverables.nodes as Rights[];
    // The page holds every answer: reporting with a status, reporting without one, and neither.
    const answers = new Set(nodes.map((n) => `${n.mayReport}/${n.mayChangeStatus}`));
    expect([...answers].sort()).toEqual(['false/false', 'true/false', 'true/true']);
    const alone = await Promise.all(
      nodes.map(async ({ id }) => {
        const res = await app.gql(
          `query($id: ID!) { deliverable(id: $id) { id mayReport mayChangeStatus } }`,
          { id },
          headers,
        );
        return res.data!.deliverable as Rights;
      }),
    );
    expect(alone).toEqual(nodes.map(({ id, mayReport, mayChangeStatus }) => ({ id, mayReport, mayChangeStatus })));
  });

  it('cost as much through programmes and workstreams as on one page', async () => {
    const headers = await asUser(app, 'zin.editor@example.org');
    const withRights = await app.countQueries(() => app.gql(nested('mayReport mayChangeStatus'), {}, headers));
    const without = await app.countQueries(() => app.gql(nested(''), {}, headers));
    expect(withRights.result.errors).toBeUndefined();
    const nodes = (withRights.result.data!.programmes as any[]).flatMap((p) =>
      p.workstreams.flatMap((w: any) => w.deliverables as Rights[]),
    );
    expect(nodes.length).toBeGreaterThan(50);
    expect(withRights.count).toBeLessThanOrEqual(without.count + 2);
  });

  it('reads nothing for an anonymous reader, and answers false', async () => {
    const withRights = await app.countQueries(() => app.gql(RIGHTS, { first: 50 }));
    const without = await app.countQueries(() => app.gql(LIST, { first: 50 }));
    const nodes = withRights.result.data!.deliverables.nodes as Rights[];
    expect(nodes).toHaveLength(50);
    expect(nodes.filter((n) => n.mayReport || n.mayChangeStatus)).toEqual([]);
    expect(withRights.count).toBe(without.count);
  });
});
