import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { dutchOrder } from '../../../server/loaders/order';

/**
 * ResearchAgenda.versions and ResearchProject.questions read only their page from the database, one
 * statement for all owners: drafts the viewer may not read take no place, and the statements per request
 * do not grow with the number of owners or items.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const party = async (key: string): Promise<string> =>
  (await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]))[0].id;

/**
 * `agendas` agendas of NHG, each with `versions` versions: the newest two are drafts (CONSULTATION,
 * DRAFT), the others archived. Returns their global ids.
 */
async function agendasWithVersions(agendas: number, versions: number, tag: string): Promise<string[]> {
  const rows: { id: string }[] = await app.dataSource.query(
    `INSERT INTO research_agenda (key, title, kind, owner_party_id, status, synthetic)
     SELECT $1 || i, $1 || i, 'ASSOCIATION_KNOWLEDGE_AGENDA', $2, 'ADOPTED', true FROM generate_series(1, $3::int) AS i RETURNING id`,
    [`version-pages-${tag}-`, await party('nhg'), agendas],
  );
  await app.dataSource.query(
    `INSERT INTO research_agenda_version (agenda_id, number, status)
     SELECT a, n, CASE WHEN n = $2 THEN 'DRAFT' WHEN n = $2 - 1 THEN 'CONSULTATION' ELSE 'ARCHIVED' END::agenda_status
       FROM unnest($1::uuid[]) AS a, generate_series(1, $2::int) AS n`,
    [rows.map((r) => r.id), versions],
  );
  return rows.map((r) => toGlobalId('ResearchAgenda', r.id));
}

/** One `node(id:)` alias per id (the schema has no `nodes`): many owners in one request. */
const manyNodes = (type: string, selection: string) => (ids: string[]) =>
  `query($first: Int) { ${ids.map((id, i) => `n${i}: node(id: "${id}") { ... on ${type} { ${selection} } }`).join(' ')} }`;
const VERSIONS = manyNodes('ResearchAgenda', 'versions(first: $first) { number status }');
const numbers = (res: { data?: any }, i = 0) => res.data![`n${i}`].versions.map((v: { number: number }) => v.number);

describe('ResearchAgenda.versions', () => {
  let agenda: string;
  beforeAll(async () => {
    [agenda] = await agendasWithVersions(1, 14, 'one');
  });

  it('gives the newest `first` versions the viewer reads; hidden drafts take no place', async () => {
    const anonymous = await app.gql(VERSIONS([agenda]), { first: 3 });
    expect(anonymous.errors).toBeUndefined();
    expect(numbers(anonymous)).toEqual([12, 11, 10]);
    const owner = await app.gql(VERSIONS([agenda]), { first: 3 }, await asUser(app, 'nhg.editor@example.org'));
    expect(owner.errors).toBeUndefined();
    expect(numbers(owner)).toEqual([14, 13, 12]);
  });

  it('gives the default page (10) without `first`, and the whole list when `first` is beyond it', async () => {
    const byDefault = await app.gql(VERSIONS([agenda]), {});
    expect(numbers(byDefault)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    const beyond = await app.gql(VERSIONS([agenda]), { first: 100 });
    expect(numbers(beyond)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('reads the same number of statements for 5 and for 50 more agendas', async () => {
    // Every agenda of one kind: the seeded ones and 5, then 50 more.
    const query = `query { researchAgendas(first: 100, filter: { kind: ASSOCIATION_KNOWLEDGE_AGENDA }) {
      nodes { key versions(first: 100) { number } } } }`;
    const viewer = await asUser(app, 'nhg.editor@example.org');
    const count = async (tag: string, n: number) => {
      await agendasWithVersions(n, 4, tag);
      const { result, count } = await app.countQueries(() => app.gql(query, {}, viewer));
      expect(result.errors).toBeUndefined();
      const mine = result.data!.researchAgendas.nodes.filter((a: { key: string }) =>
        a.key.startsWith('version-pages-'),
      );
      return { count, mine };
    };
    const a = await count('five', 5);
    const b = await count('fifty', 45);
    expect(b.mine).toHaveLength(a.mine.length + 45);
    expect(b.mine.every((x: { versions: { number: number }[] }) => x.versions.length >= 4)).toBe(true);
    if (process.env.H6_MEASURE) console.log('versions statements', a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});

/** `projects` projects of ZonMw, each answering `questions` questions with titles that sort differently in Dutch. */
async function projectsWithQuestions(projects: number, questions: number, tag: string): Promise<string[]> {
  const ds = app.dataSource;
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO research_project (key, title, funder_party_id, synthetic)
     SELECT $1 || i, $1 || i, $2, true FROM generate_series(1, $3::int) AS i RETURNING id`,
    [`question-pages-${tag}-`, await party('zonmw'), projects],
  );
  // Mixed case and accents: Dutch order is not code point order.
  const words = ['éénmalig', 'Zorg', 'acute', 'Beleid', 'ijs', 'Ergo', 'zuigeling', 'Ábc', 'bodem', 'Acht'];
  await ds.query(
    `WITH q AS (
       INSERT INTO knowledge_question (key, title, proposed_by_party_id, synthetic)
       SELECT $1 || p.n || '-' || i, ($2::text[])[(i - 1) % array_length($2::text[], 1) + 1] || ' ' || i, $3, true
         FROM unnest($4::uuid[]) WITH ORDINALITY AS p(id, n), generate_series(1, $5::int) AS i
       RETURNING id, key)
     INSERT INTO research_project_question (project_id, question_id)
     SELECT p.id, q.id FROM q JOIN unnest($4::uuid[]) WITH ORDINALITY AS p(id, n) ON q.key LIKE $1 || p.n || '-%'`,
    [`question-pages-${tag}-q`, words, await party('nhg'), rows.map((r) => r.id), questions],
  );
  return rows.map((r) => toGlobalId('ResearchProject', r.id));
}

const QUESTIONS = manyNodes('ResearchProject', 'questions(first: $first) { title }');
const titles = (res: { data?: any }, i = 0): string[] =>
  res.data![`n${i}`].questions.map((q: { title: string }) => q.title);

describe('ResearchProject.questions', () => {
  let project: string;
  let all: string[];
  beforeAll(async () => {
    [project] = await projectsWithQuestions(1, 60, 'one');
    all = Array.from({ length: 60 }, (_, i) => i + 1)
      .map(
        (i) =>
          `${['éénmalig', 'Zorg', 'acute', 'Beleid', 'ijs', 'Ergo', 'zuigeling', 'Ábc', 'bodem', 'Acht'][(i - 1) % 10]} ${i}`,
      )
      .sort(dutchOrder);
  });

  it('gives the first `first` questions in Dutch title order', async () => {
    const res = await app.gql(QUESTIONS([project]), { first: 7 });
    expect(res.errors).toBeUndefined();
    expect(titles(res)).toEqual(all.slice(0, 7));
  });

  it('gives the default page (50) without `first`, and the whole list when `first` is beyond it', async () => {
    expect(titles(await app.gql(QUESTIONS([project]), {}))).toEqual(all.slice(0, 50));
    expect(titles(await app.gql(QUESTIONS([project]), { first: 100 }))).toEqual(all);
  });

  it('reads the same number of statements for 5 and for 25 projects (the alias limit is 30)', async () => {
    const small = await projectsWithQuestions(5, 3, 'five');
    const large = await projectsWithQuestions(25, 3, 'many');
    const a = await app.countQueries(() => app.gql(QUESTIONS(small), {}));
    const b = await app.countQueries(() => app.gql(QUESTIONS(large), {}));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(titles(b.result, 24)).toHaveLength(3);
    if (process.env.H6_MEASURE) console.log('project questions statements', a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});
