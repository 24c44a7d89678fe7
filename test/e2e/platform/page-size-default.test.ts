import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * A list asked without `first` gives the default page (20) or, on a server whose MAX_PAGE_SIZE is smaller,
 * MAX_PAGE_SIZE rows: a client that asks no size is never refused for a size it did not ask.
 */
const MAX_PAGE_SIZE = 5;
const VWS = 'vws.viewer@example.org';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) });
});
afterAll(() => app.close());

it.each([
  ['parties', `{ parties { totalCount nodes { id } pageInfo { hasNextPage } } }`],
  ['guidelines', `{ guidelines { totalCount nodes { id } pageInfo { hasNextPage } } }`],
])('answers %s without `first` with a page of MAX_PAGE_SIZE', async (field, query) => {
  const res = await app.gql(query, {}, await asUser(app, VWS));
  expect(res.errors).toBeUndefined();
  const list = res.data![field] as { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } };
  expect(list.totalCount).toBeGreaterThan(MAX_PAGE_SIZE);
  expect(list.nodes).toHaveLength(MAX_PAGE_SIZE);
  expect(list.pageInfo.hasNextPage).toBe(true);
});

it('still refuses a `first` above MAX_PAGE_SIZE', async () => {
  const res = await app.gql(`{ parties(first: ${MAX_PAGE_SIZE + 1}) { totalCount } }`, {}, await asUser(app, VWS));
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
});
