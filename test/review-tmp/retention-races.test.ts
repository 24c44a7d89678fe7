import { EventType } from '../../entities/domain-event.enums';
import { pruneEvents } from '../../server/services/events/event-retention';
import * as store from '../../server/services/events/event-store';
import { emitEvents } from '../../server/services/events/outbox';
import { createTestApp, type TestApp } from '../helpers/app';
import { collect, wsClient } from '../e2e/events/ws-client';

let app: TestApp;
let deliverableId: string;
beforeAll(async () => {
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0', WEBHOOK_WORKER_INTERVAL_MS: '0' });
  [{ id: deliverableId }] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
});
afterAll(() => app.close());
afterEach(() => jest.restoreAllMocks());

async function events(n: number): Promise<string[]> {
  await app.dataSource.transaction(async (manager) => {
    await emitEvents(
      manager,
      Array.from({ length: n }, (_, i) => ({
        type: EventType.DELIVERABLE_STATUS_CHANGED,
        subjectType: 'Deliverable',
        subjectId: deliverableId,
        details: { n: i },
      })),
    );
  });
  const rows: { cursor: string }[] = await app.dataSource.query(
    `SELECT cursor::text AS cursor FROM domain_event ORDER BY cursor DESC LIMIT $1`,
    [n],
  );
  return rows.map((r) => r.cursor).reverse();
}
const ageAll = () => app.dataSource.query(`UPDATE domain_event SET occurred_at = now() - interval '100 days'`);

const FEED = `query($after: String) { changes(after: $after, first: 5) { nodes { cursor } pageInfo { endCursor hasNextPage } } }`;

it('feed: pruning that commits between the EVENTS_PRUNED check and the read leaves a silent hole', async () => {
  const old = await events(10);
  await ageAll();
  const young = await events(2);
  const check = store.latestCursorResumingAt;
  jest.spyOn(store, 'latestCursorResumingAt').mockImplementation(async (...args) => {
    const result = await check(...args);
    await pruneEvents(app.dataSource, 90); // the sweep on another instance commits here
    return result;
  });
  const page = await app.gql(FEED, { after: old[0] });
  // Expected: EVENTS_PRUNED (old[1..9] are gone). Actual: a page that starts at young[0].
  expect(page.errors).toBeUndefined();
  expect(page.data!.changes.nodes.map((n: { cursor: string }) => n.cursor)).toEqual(young);
});

it('subscription: pruning between two replay batches skips events without an error', async () => {
  const start = (await events(1))[0]!;
  const old = await events(1200); // > one replay batch (500)
  await ageAll();
  const young = await events(2);
  const read = store.readEvents;
  let pruned = false;
  jest.spyOn(store, 'readEvents').mockImplementation(async (...args) => {
    // The second replay batch: the sweep prunes just before it reads.
    if (!pruned && args[1] === old[498]) {
      pruned = true;
      await pruneEvents(app.dataSource, 90);
    }
    return read(...args);
  });
  const { client } = wsClient(app.url);
  try {
    const sub = collect(client, { after: start });
    await sub.next(502);
    const cursors = sub.events.map((e) => e.cursor);
    expect(pruned).toBe(true);
    expect(cursors.slice(0, 499)).toEqual(old.slice(0, 499));
    // The 500th event delivered is young[0]: old[499..1199] were never delivered, and no error came.
    expect(cursors[499]).toBe(young[0]);
    expect(sub.errors).toEqual([]);
  } finally {
    await client.dispose();
  }
});
