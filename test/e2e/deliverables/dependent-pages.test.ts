import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { dutchOrder } from '../../../server/loaders/order';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, CREATE_PROGRAMME, CREATE_WORKSTREAM, mutate } from '../../fixtures/deliverables';

/**
 * Deliverable.dependents, Workstream.deliverables and Query.programmes read only their page from the
 * database: the dependents of all deliverables of a request in one statement, by due date then Dutch
 * title. The page is cut in the order the list is shown in, so it holds the first items of the full list.
 */
const VWS = 'vws.editor@example.org';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const WORDS = ['éénmalig', 'Zorg', 'acute', 'Beleid', 'ijs', 'Ergo', 'zuigeling', 'Ábc', 'bodem', 'Acht'];

/** `owners` deliverables, each with `n` dependents: a third without a due date, the rest on a few dates. */
async function withDependents(owners: number, n: number, tag: string): Promise<string[]> {
  const ds = app.dataSource;
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO deliverable (key, title, synthetic) SELECT $1 || i, $1 || i, true FROM generate_series(1, $2::int) AS i RETURNING id`,
    [`dependents-${tag}-`, owners],
  );
  await ds.query(
    `WITH d AS (
       INSERT INTO deliverable (key, title, due_latest, synthetic)
       SELECT $1 || o.n || '-' || i, ($2::text[])[(i - 1) % 10 + 1] || ' ' || i,
              CASE WHEN i % 3 = 0 THEN NULL ELSE date '2027-01-01' + (i % 4) END, true
         FROM unnest($3::uuid[]) WITH ORDINALITY AS o(id, n), generate_series(1, $4::int) AS i
       RETURNING id, key)
     INSERT INTO deliverable_dependency (deliverable_id, depends_on_id)
     SELECT d.id, o.id FROM d JOIN unnest($3::uuid[]) WITH ORDINALITY AS o(id, n) ON d.key LIKE $1 || o.n || '-%'`,
    [`dependents-${tag}-d`, WORDS, rows.map((r) => r.id), n],
  );
  return rows.map((r) => toGlobalId('Deliverable', r.id));
}

const DEPENDENTS = (ids: string[]) =>
  `query($first: Int) { ${ids.map((id, i) => `n${i}: deliverable(id: "${id}") { dependents(first: $first) { title } }`).join(' ')} }`;
const titles = (res: { data?: any }, i = 0): string[] => res.data![`n${i}`].dependents.map((d: any) => d.title);

describe('Deliverable.dependents', () => {
  let owner: string;
  let all: string[];
  beforeAll(async () => {
    [owner] = await withDependents(1, 30, 'one');
    const expected: { title: string; due: string | null }[] = Array.from({ length: 30 }, (_, k) => {
      const i = k + 1;
      return { title: `${WORDS[(i - 1) % 10]} ${i}`, due: i % 3 === 0 ? null : `2027-01-0${1 + (i % 4)}` };
    });
    all = expected
      .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || dutchOrder(a.title, b.title))
      .map((d) => d.title);
  });

  it('gives the first `first` dependents by due date, then Dutch title', async () => {
    const res = await app.gql(DEPENDENTS([owner]), { first: 8 });
    expect(res.errors).toBeUndefined();
    expect(titles(res)).toEqual(all.slice(0, 8));
  });

  it('gives the default page (20) without `first`, and the whole list when `first` is beyond it', async () => {
    expect(titles(await app.gql(DEPENDENTS([owner]), {}))).toEqual(all.slice(0, 20));
    expect(titles(await app.gql(DEPENDENTS([owner]), { first: 100 }))).toEqual(all);
  });

  it('reads the same number of statements for 5 and for 25 deliverables (the alias limit is 30)', async () => {
    const small = await withDependents(5, 3, 'five');
    const large = await withDependents(25, 3, 'many');
    const a = await app.countQueries(() => app.gql(DEPENDENTS(small), {}));
    const b = await app.countQueries(() => app.gql(DEPENDENTS(large), {}));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(titles(b.result, 24)).toHaveLength(3);
    if (process.env.H6_MEASURE) console.log('dependents statements', a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});

describe('Workstream.deliverables', () => {
  it('gives the first `first` deliverables of the full list, by due date then Dutch title', async () => {
    const { createProgramme: p } = await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Volgorde resultaten' });
    const { createWorkstream: w } = await mutate(app, VWS, CREATE_WORKSTREAM, {
      programmeId: p.id,
      name: 'Spoor',
      kind: 'TRACK',
    });
    // Byte order puts every capital first; Dutch order does not.
    for (const title of ['Zorgpad', 'appel', 'Beleid', 'éénmalig'])
      await mutate(app, VWS, CREATE_DELIVERABLE, { title, kind: 'DELIVERABLE', programmeId: p.id, workstreamId: w.id });
    const res = await app.gql(
      `query($id: ID!) { node(id: $id) { ... on Workstream {
        all: deliverables { title } one: deliverables(first: 1) { title } two: deliverables(first: 2) { title } } } }`,
      { id: w.id },
      await asUser(app, VWS),
    );
    expect(res.errors).toBeUndefined();
    const { all, one, two } = res.data!.node;
    expect(all.map((d: { title: string }) => d.title)).toEqual(['appel', 'Beleid', 'éénmalig', 'Zorgpad']);
    expect(one).toEqual(all.slice(0, 1));
    expect(two).toEqual(all.slice(0, 2));
  });
});

describe('Query.programmes', () => {
  it('gives the first `first` programmes by Dutch name, and all of them when `first` is beyond the list', async () => {
    // Names whose byte order (capitals first) differs from the Dutch order.
    for (const name of ['aa programma', 'Zz programma', 'Ab programma'])
      await mutate(app, VWS, CREATE_PROGRAMME, { name });
    const names: string[] = (await app.dataSource.query('SELECT name FROM programme'))
      .map((r: { name: string }) => r.name)
      .sort(dutchOrder);
    expect(names.slice(0, 2)).toEqual(['aa programma', 'Ab programma']);
    const two = await app.gql('{ programmes(first: 2) { name } }');
    expect(two.errors).toBeUndefined();
    expect(two.data!.programmes.map((p: { name: string }) => p.name)).toEqual(names.slice(0, 2));
    const beyond = await app.countQueries(() => app.gql('{ programmes(first: 100) { name } }'));
    expect(beyond.result.data!.programmes.map((p: { name: string }) => p.name)).toEqual(names);
    // Only the page is read: the limit is in the statement.
    expect(beyond.statements.filter((s) => /FROM "programme"/.test(s) && /LIMIT/.test(s))).toHaveLength(1);
  });
});
