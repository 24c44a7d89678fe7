import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { Party } from '../../../entities';
import { paginate } from '../../../server/shared/pagination';

/**
 * A paged list counts its matches only when the client selects `totalCount`: the count is a statement of its
 * own, over a large filtered table far dearer than the page (the audit trail of a party at national scale).
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  // A trail for NHG beside others': entries on its records and entries it only made, and some it does not read.
  await app.dataSource.query(
    `INSERT INTO audit_event (request_id, owner_party_id, acting_party_id, entity_type, entity_id, action, changes)
     SELECT 'connection-count', CASE WHEN i % 3 = 0 THEN nhg.id END, CASE WHEN i % 3 = 1 THEN nhg.id ELSE other.id END,
            'Programme', gen_random_uuid(), 'UPDATE', '[]'
       FROM generate_series(1, 12) AS i, (SELECT id FROM party WHERE key = 'nhg') nhg,
            (SELECT id FROM party WHERE key <> 'nhg' ORDER BY key LIMIT 1) other`,
  );
});
afterAll(() => app.close());

const VWS = 'vws.viewer@example.org';
const NHG = 'nhg.editor@example.org';

/** The number of items a client reaches by paging through the whole list. */
async function walked(field: string, headers: Record<string, string>): Promise<number> {
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    const res = await app.gql(
      `query($after: String) { ${field}(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { after },
      headers,
    );
    expect(res.errors).toBeUndefined();
    const page = res.data![field] as { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    seen += page.nodes.length;
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

describe.each([
  ['parties', VWS],
  ['guidelines', VWS],
  // A party viewer's trail: the audit read rule's whole SQL twin is in the count.
  ['auditEvents', NHG],
])('%s', (field, viewer) => {
  const query = (withCount: boolean) =>
    `{ ${field}(first: 2) { ${withCount ? 'totalCount ' : ''}nodes { id } pageInfo { hasNextPage } } }`;

  it('runs the count only when totalCount is selected, and then gives every match', async () => {
    const headers = await asUser(app, viewer);
    // Signed in once before counting, so both runs read the same viewer rows (no first-sign-in work).
    expect((await app.gql(query(false), {}, headers)).errors).toBeUndefined();
    const without = await app.countQueries(() => app.gql(query(false), {}, headers));
    const withCount = await app.countQueries(() => app.gql(query(true), {}, headers));
    expect(without.result.errors).toBeUndefined();
    expect(withCount.result.errors).toBeUndefined();
    expect(withCount.count).toBe(without.count + 1);
    expect(withCount.statements.filter((s) => /count\(/i.test(s))).toHaveLength(1);
    expect(without.statements.filter((s) => /count\(/i.test(s))).toHaveLength(0);
    const list = withCount.result.data![field] as { totalCount: number };
    // More than the page: the count is not the page's length.
    expect(list.totalCount).toBeGreaterThan(2);
    expect(list.totalCount).toBe(await walked(field, headers));
  });
});

describe('a selected totalCount', () => {
  it('is counted beside the page: its statement is sent before the page has come back', async () => {
    const sent: string[] = [];
    const listOf = () => {
      const query = app.dataSource.getRepository(Party).createQueryBuilder('p');
      const count = query.getCount.bind(query);
      query.getCount = () => {
        sent.push('count');
        return count();
      };
      return query;
    };
    const options = { sortKeys: [{ expression: 'p.id', value: (p: Party) => p.id }], maxPageSize: 100 };
    // paginate sends the page's statement and waits for it; a count asked beside it is sent before that wait.
    const counted = paginate(listOf(), { first: 2, withCount: true }, options);
    expect(sent).toEqual(['count']);
    const connection = await counted;
    expect(await connection.totalCount).toBe(await walked('parties', await asUser(app, VWS)));
    // Not selected: no count until something reads totalCount.
    sent.length = 0;
    const uncounted = await paginate(listOf(), { first: 2 }, options);
    expect(sent).toEqual([]);
    await uncounted.totalCount;
    expect(sent).toEqual(['count']);
  });

  it.each([
    // (Not parties: the viewer's own read joins the party table and would wait first.)
    ['guidelines', 'guideline', VWS],
    ['packageAssessments', 'package_assessment', VWS],
    ['synergyLinks', 'synergy_link', VWS],
    ['interventions', 'intervention', VWS],
    ['knowledgeQuestions', 'knowledge_question', VWS],
    ['researchAgendas', 'research_agenda', VWS],
    ['researchProjects', 'research_project', VWS],
    ['packageSignals', 'package_signal', VWS],
    ['deliverables', 'deliverable', VWS],
    ['myDeliverables', 'deliverable', VWS],
    ['auditEvents', 'audit_event', NHG],
  ])('is asked beside the page by %s', async (field, table, viewer) => {
    const headers = await asUser(app, viewer);
    expect((await app.gql('{ me { user { id } } }', {}, headers)).errors).toBeUndefined();
    // While another transaction holds the list's table, the page and the count both wait on its lock at once
    // only if the count was sent without waiting for the page.
    const holder = app.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    const waiting = async () => {
      // Statistics views are read once per transaction unless the snapshot is cleared.
      await holder.query('SELECT pg_stat_clear_snapshot()');
      const [row] = (await holder.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      )) as { n: number }[];
      return row!.n;
    };
    const answer = app.gql(`{ ${field}(first: 2) { totalCount nodes { id } } }`, {}, headers);
    let most = 0;
    try {
      const until = Date.now() + 5_000;
      while (most < 2 && Date.now() < until) {
        most = Math.max(most, await waiting());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const res = await answer;
    expect(res.errors).toBeUndefined();
    expect(most).toBe(2);
  });
});
