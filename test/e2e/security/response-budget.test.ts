import { loadNationalReferenceVolume } from '../../../server/db/seed/synthetic/national';
import { MAX_RESPONSE_ITEMS } from '../../../server/security/list-bounds';
import { createTestApp, type TestApp } from '../../helpers/app';

/**
 * The backstop behind the cost estimate (issue 19, F1): when a list is larger than the estimate
 * expected, the answer still stops at MAX_RESPONSE_ITEMS list items, with one clear error.
 */

let app: TestApp;
let parties: number;
beforeAll(async () => {
  app = await createTestApp();
  ({ parties } = await loadNationalReferenceVolume(app.dataSource, { parties: 300, sectors: 10 }));
  // Every party owns every deliverable: far more owners than the estimate's 20.
  await app.dataSource.query(
    `INSERT INTO deliverable_owner (deliverable_id, party_id)
     SELECT d.id, p.id FROM deliverable d CROSS JOIN party p ON CONFLICT DO NOTHING`,
  );
}, 60_000);
afterAll(() => app.close());

const OWNERS = `query($first: Int) { deliverables(first: $first) { nodes { ownerParties { name } } } }`;

describe('the response budget', () => {
  it('refuses an answer with more list items than the budget, without partial data', async () => {
    expect(100 * parties).toBeGreaterThan(MAX_RESPONSE_ITEMS);
    const res = await app.gql(OWNERS, { first: 100 });
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', maxItems: MAX_RESPONSE_ITEMS });
  });

  it('answers the same query within the budget', async () => {
    const res = await app.gql(OWNERS, { first: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.deliverables.nodes).toHaveLength(10);
    expect(res.data!.deliverables.nodes[0].ownerParties).toHaveLength(parties);
  });

  it('keeps counting per request: the next small request is answered', async () => {
    await app.gql(OWNERS, { first: 100 });
    const res = await app.gql('{ sectors { key } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.sectors.length).toBeGreaterThan(0);
  });
});
