import { EventType } from '../../../entities/domain-event.enums';
import { loadConfig } from '../../../server/config';
import { pruneEvents } from '../../../server/services/events/event-retention';
import * as store from '../../../server/services/events/event-store';
import { emitEvents } from '../../../server/services/events/outbox';
import { createTestApp, type TestApp } from '../../helpers/app';
import { collect, wsClient } from './ws-client';

/** The outbox keeps EVENT_RETENTION_DAYS of events (server/services/events/event-retention.ts). */
let app: TestApp;
let deliverableId: string;
let partyId: string;
beforeAll(async () => {
  // No sweep or webhook worker of its own: each test prunes and plans when it says so.
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0', WEBHOOK_WORKER_INTERVAL_MS: '0' });
  [{ id: deliverableId }] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
  [{ id: partyId }] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'fms'`);
});
afterAll(() => app.close());

/** Writes `n` events (one commit) and returns their cursors, oldest first. */
async function events(n: number): Promise<string[]> {
  const ids: string[] = [];
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
    `SELECT e.cursor::text AS cursor FROM domain_event e ORDER BY e.cursor DESC LIMIT $1`,
    [n],
  );
  ids.push(...rows.map((r) => r.cursor).reverse());
  return ids;
}

/** Every event so far becomes 100 days old. */
const ageAll = () => app.dataSource.query(`UPDATE domain_event SET occurred_at = now() - interval '100 days'`);
const prunedThrough = async () =>
  (await app.dataSource.query(`SELECT pruned_through::text AS p FROM domain_event_retention`))[0].p as string;
const kept = async (cursors: string[]) =>
  (
    await app.dataSource.query(
      `SELECT e.cursor::text AS cursor FROM domain_event e WHERE e.cursor = ANY($1) ORDER BY e.cursor`,
      [cursors],
    )
  ).map((r: { cursor: string }) => r.cursor);

const FEED = `query($after: String) { changes(after: $after, first: 5) { nodes { cursor } pageInfo { endCursor } } }`;

describe('pruning the outbox', () => {
  it('removes events older than the retention up to the first young one, and a resume from before them is refused', async () => {
    const old = await events(3);
    await ageAll();
    const young = await events(2);
    expect(await pruneEvents(app.dataSource, 90)).toBeGreaterThanOrEqual(3);
    expect(await kept([...old, ...young])).toEqual(young);
    expect(await prunedThrough()).toBe(old[2]);

    // The feed: from a pruned cursor EVENTS_PRUNED; from the start, or from where pruning ended, the kept events.
    const refused = await app.gql(FEED, { after: old[0] });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'EVENTS_PRUNED',
      field: 'after',
      prunedThrough: old[2],
    });
    expect(refused.errors?.[0]?.message).toMatch(/removed from the outbox/);
    const fromStart = await app.gql(FEED, {});
    expect(fromStart.errors).toBeUndefined();
    expect(fromStart.data!.changes.nodes[0].cursor).toBe(young[0]);
    const resumed = await app.gql(FEED, { after: old[2] });
    expect(resumed.data!.changes.nodes.map((n: { cursor: string }) => n.cursor)).toEqual(young);

    // A subscription resumed from before the pruned events fails with the same code; from after them it replays.
    const { client } = wsClient(app.url);
    try {
      const gone = collect(client, { after: old[1] });
      await gone.failed();
      expect(gone.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'EVENTS_PRUNED' }) }),
      ]);
      const replayed = collect(client, { after: old[2] });
      await replayed.next(2);
      expect(replayed.events.slice(0, 2).map((e) => e.cursor)).toEqual(young);
      expect(replayed.errors).toEqual([]);
    } finally {
      await client.dispose();
    }

    // Nothing old left: a second pruning removes nothing and keeps where it ended.
    expect(await pruneEvents(app.dataSource, 90)).toBe(0);
    expect(await prunedThrough()).toBe(old[2]);
  });

  it('keeps what an enabled webhook endpoint has not planned or still holds in its log; a disabled one holds nothing', async () => {
    const [e1, e2, e3] = await events(3);
    await ageAll();
    const [endpoint] = await app.dataSource.query(
      `INSERT INTO webhook_endpoint (party_id, url, secret, cursor) VALUES ($1, 'https://hooks.example.org/iza', 'whsec_dGVzdA==', $2)
       RETURNING id`,
      [partyId, e1],
    );
    try {
      // Planned through e1 only: e2 and e3 stay.
      await pruneEvents(app.dataSource, 90);
      expect(await kept([e1!, e2!, e3!])).toEqual([e2, e3]);
      expect(await prunedThrough()).toBe(e1);
      // Planned through e3, but e2's delivery is pending: e2 and all after it stay.
      await app.dataSource.query(`UPDATE webhook_endpoint SET cursor = $2 WHERE id = $1`, [endpoint.id, e3]);
      await app.dataSource.query(
        `INSERT INTO webhook_delivery (endpoint_id, event_id) SELECT $1, id FROM domain_event WHERE cursor = $2`,
        [endpoint.id, e2],
      );
      expect(await pruneEvents(app.dataSource, 90)).toBe(0);
      expect(await kept([e2!, e3!])).toEqual([e2, e3]);
      // Disabled: its deliveries go with the events.
      await app.dataSource.query(`UPDATE webhook_endpoint SET enabled = false WHERE id = $1`, [endpoint.id]);
      expect(await pruneEvents(app.dataSource, 90)).toBe(2);
      expect(await kept([e2!, e3!])).toEqual([]);
      expect(
        await app.dataSource.query(`SELECT id FROM webhook_delivery WHERE endpoint_id = $1`, [endpoint.id]),
      ).toEqual([]);
    } finally {
      await app.dataSource.query(`DELETE FROM webhook_endpoint WHERE id = $1`, [endpoint.id]);
    }
  });

  it('keeps every event with a retention of 0, and keeps young events whatever their number', async () => {
    const [first] = await events(2);
    await ageAll();
    expect(await pruneEvents(app.dataSource, 0)).toBe(0);
    expect(await kept([first!])).toEqual([first]);
    const young = await events(3);
    await pruneEvents(app.dataSource, 90);
    expect(await kept(young)).toEqual(young);
  });

  it('answers as before without its record of what was pruned, and pruning writes it again', async () => {
    await app.dataSource.query(`DELETE FROM domain_event_retention`);
    const [first, last] = await events(2);
    const page = await app.gql(FEED, { after: first });
    expect(page.errors).toBeUndefined();
    expect(page.data!.changes.nodes.map((n: { cursor: string }) => n.cursor)).toEqual([last]);
    await ageAll();
    await pruneEvents(app.dataSource, 90);
    expect(await prunedThrough()).toBe(last);
  });

  it('refuses a retention shorter than the sweep needs', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', EVENT_RETENTION_DAYS: '10' })).toThrow(/EVENT_RETENTION_DAYS/);
    expect(loadConfig({ NODE_ENV: 'test', EVENT_RETENTION_DAYS: '0' }).events.retentionDays).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test' }).events.retentionDays).toBe(90);
  });
});

describe('a pruning while a reader is at work', () => {
  afterEach(() => jest.restoreAllMocks());

  it('refuses the feed page it cut a hole in, though the page began before the pruning', async () => {
    const old = await events(10);
    await ageAll();
    const young = await events(2);
    const latest = store.latestCursor;
    // Another instance's sweep commits its pruning just after the page looked up where the outbox ends.
    jest.spyOn(store, 'latestCursor').mockImplementation(async (...args) => {
      const cursor = await latest(...args);
      await pruneEvents(app.dataSource, 90);
      return cursor;
    });
    const page = await app.gql(FEED, { after: old[0] });
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'EVENTS_PRUNED', prunedThrough: old[9] });
    expect(await kept(young)).toEqual(young);
  });

  it('ends a subscription whose replay it overtook with EVENTS_PRUNED, after what was replayed before it', async () => {
    const [start] = await events(1);
    const old = await events(1200);
    await ageAll();
    await events(2);
    const read = store.readEvents;
    let pruned = false;
    // The second replay batch (a batch is 500 events): the sweep prunes just before it is read.
    jest.spyOn(store, 'readEvents').mockImplementation(async (...args) => {
      if (!pruned && args[1] === old[499]) {
        pruned = true;
        await pruneEvents(app.dataSource, 90);
      }
      return read(...args);
    });
    const { client } = wsClient(app.url);
    try {
      const sub = collect(client, { after: start });
      await sub.failed();
      expect(pruned).toBe(true);
      expect(sub.events.map((e) => e.cursor)).toEqual(old.slice(0, 500));
      expect(sub.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'EVENTS_PRUNED' }) }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});

describe('the sweep', () => {
  it('prunes the outbox after each round', async () => {
    const swept = await createTestApp({ EVENTS_SWEEP_SECONDS: '1', WEBHOOK_WORKER_INTERVAL_MS: '0' });
    try {
      // The newest of the aged events: what the sweep writes meanwhile is young and stays.
      const [{ newest }] = await swept.dataSource.query(
        `WITH aged AS (UPDATE domain_event SET occurred_at = now() - interval '100 days' RETURNING cursor)
         SELECT max(cursor)::text AS newest FROM aged`,
      );
      expect(Number(newest)).toBeGreaterThan(0);
      const deadline = Date.now() + 8_000;
      let through = '0';
      while (through !== newest && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        [{ through }] = await swept.dataSource.query(
          `SELECT pruned_through::text AS through FROM domain_event_retention`,
        );
      }
      expect(through).toBe(newest);
    } finally {
      await swept.close();
    }
  });
});
