import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

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
