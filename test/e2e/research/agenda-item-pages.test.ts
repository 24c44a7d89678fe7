import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';

/**
 * ResearchAgendaVersion.items reads only the first `first` items of each version from the database,
 * with or without their questions, in one statement for all versions: the statements per request do
 * not grow with the number of items.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** An adopted agenda whose one version holds `n` questions (ranks 1…n, inserted in reverse), each with a project. */
async function agendaWithItems(n: number, tag: string): Promise<string> {
  const ds = app.dataSource;
  const [agenda] = await ds.query(
    `INSERT INTO research_agenda (key, title, kind, coordinator_party_id, status, synthetic)
     VALUES ($1, $1, 'SECTOR_MULTIYEAR', (SELECT id FROM party WHERE key = 'zorginstituut'), 'ADOPTED', true) RETURNING id`,
    [`item-pages-${tag}`],
  );
  const [version] = await ds.query(
    `INSERT INTO research_agenda_version (agenda_id, number, status) VALUES ($1, 1, 'DRAFT') RETURNING id`,
    [agenda.id],
  );
  await ds.query(
    `WITH q AS (
       INSERT INTO knowledge_question (key, title, proposed_by_party_id, synthetic)
       SELECT $1 || '-q' || i, $1 || '-q' || i, (SELECT id FROM party WHERE key = 'nhg'), true
         FROM generate_series(1, $2::int) AS i RETURNING id, key),
     p AS (
       INSERT INTO research_project (key, title, funder_party_id, synthetic)
       SELECT key || '-p', key || '-p', (SELECT id FROM party WHERE key = 'zonmw'), true FROM q RETURNING id, key),
     j AS (INSERT INTO research_project_question SELECT p.id, q.id FROM p JOIN q ON p.key = q.key || '-p')
     INSERT INTO agenda_item (version_id, question_id, rank)
     SELECT $3, q.id, substring(q.key FROM '-q([0-9]+)$')::int FROM q
      ORDER BY substring(q.key FROM '-q([0-9]+)$')::int DESC`,
    [`item-pages-${tag}`, n, version.id],
  );
  await ds.query(`UPDATE research_agenda_version SET status = 'ADOPTED' WHERE id = $1`, [version.id]);
  return toGlobalId('ResearchAgenda', agenda.id);
}

const WITH_QUESTIONS = /* GraphQL */ `
  query Items($id: ID!, $first: Int) {
    researchAgenda(id: $id) {
      versions {
        items(first: $first) {
          rank
          question {
            title
            projects {
              title
            }
          }
        }
      }
    }
  }
`;

const RANKS_ONLY = /* GraphQL */ `
  query Ranks($id: ID!, $first: Int) {
    researchAgenda(id: $id) {
      versions {
        items(first: $first) {
          rank
        }
      }
    }
  }
`;

const ranks = (res: { data?: any }) => res.data!.researchAgenda.versions[0].items.map((i: { rank: number }) => i.rank);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

let small: string;
let large: string;
beforeAll(async () => {
  small = await agendaWithItems(5, 'small');
  large = await agendaWithItems(60, 'large');
});

describe.each([
  ['with their questions', WITH_QUESTIONS],
  ['without their questions', RANKS_ONLY],
])('ResearchAgendaVersion.items %s', (_, query) => {
  it('gives the first `first` items by rank of a longer list', async () => {
    const res = await app.gql(query, { id: large, first: 3 });
    expect(res.errors).toBeUndefined();
    expect(ranks(res)).toEqual([1, 2, 3]);
  });

  it('gives the whole list when `first` is beyond it', async () => {
    const res = await app.gql(query, { id: small, first: 100 });
    expect(res.errors).toBeUndefined();
    expect(ranks(res)).toEqual(upTo(5));
  });

  it('gives the default page (50) without `first`', async () => {
    const res = await app.gql(query, { id: large });
    expect(res.errors).toBeUndefined();
    expect(ranks(res)).toEqual(upTo(50));
  });

  it('reads the same number of statements for 5 and for 60 items', async () => {
    const a = await app.countQueries(() => app.gql(query, { id: small, first: 100 }));
    const b = await app.countQueries(() => app.gql(query, { id: large, first: 100 }));
    expect(ranks(a.result)).toEqual(upTo(5));
    expect(ranks(b.result)).toEqual(upTo(60));
    if (process.env.H6_MEASURE) console.log('items statements', _, a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});

it('answers the questions of the page, not of other items', async () => {
  const res = await app.gql(WITH_QUESTIONS, { id: large, first: 2 });
  expect(res.errors).toBeUndefined();
  const items = res.data!.researchAgenda.versions[0].items;
  expect(items.map((i: any) => [i.question.title, i.question.projects.map((p: any) => p.title)])).toEqual([
    ['item-pages-large-q1', ['item-pages-large-q1-p']],
    ['item-pages-large-q2', ['item-pages-large-q2-p']],
  ]);
});
