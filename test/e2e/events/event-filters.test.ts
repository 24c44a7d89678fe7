import { randomUUID } from 'node:crypto';
import { EventType } from '../../../entities/domain-event.enums';
import { toGlobalId } from '../../../schema/global-id';
import { pruneEvents } from '../../../server/services/events/event-retention';
import { latestCursor } from '../../../server/services/events/event-store';
import { createTestApp, type TestApp } from '../../helpers/app';
import { collect, wsClient } from './ws-client';

/**
 * A filtered page of the outbox is read in cursor order from a key (event-store.ts, keyedCursors): per party from
 * domain_event_party, per type from the (type, cursor) index, else along the cursor. Whatever the key, a client
 * paging through the feed or replaying a subscription gets exactly the events that match, in order, once each: a
 * rare party among many others' events, a busy one, both at once (an event naming both), a party with a sector,
 * a type or a subject, types alone and with a sector, a party told of an event without being named.
 */
let app: TestApp;
let deliverableId: string;
/** Where the events of this file begin: a page from here sees only them. */
let start: string;

// Ids no seeded event names, so the events matching a filter of them are exactly those written here.
const RARE = randomUUID();
const BUSY = randomUUID();
const EVEN = randomUUID();
const ODD = randomUUID();
const SCARCE = randomUUID();

interface Spec {
  n: number;
  type: EventType;
  parties: string[];
  sectors: string[];
  invited: string[];
}

/** 300 events: BUSY on two of three, RARE on four far apart (one with BUSY), RARE only told of one, sectors alternating. */
const SPECS: Spec[] = Array.from({ length: 300 }, (_, n) => ({
  n,
  type:
    n % 10 === 0
      ? EventType.MILESTONE_DUE_SOON
      : n % 25 === 1
        ? EventType.QUESTION_POSSIBLY_ANSWERED
        : EventType.DELIVERABLE_STATUS_CHANGED,
  parties: [...(n % 3 !== 0 ? [BUSY] : []), ...([7, 150, 151, 298].includes(n) ? [RARE] : [])],
  sectors: [n % 2 === 0 ? EVEN : ODD, ...([10, 151, 290].includes(n) ? [SCARCE] : [])],
  invited: n === 200 ? [RARE] : [],
}));

beforeAll(async () => {
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0', WEBHOOK_WORKER_INTERVAL_MS: '0' });
  [{ id: deliverableId }] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
  start = await latestCursor(app.dataSource);
  // One event per statement: each commits with the next cursor, in the order of `n`.
  for (const spec of SPECS)
    await app.dataSource.query(
      `INSERT INTO domain_event (type, subject_type, subject_id, party_ids, sector_ids, invited_party_ids, payload)
       VALUES ($1, 'Deliverable', $2, $3, $4, $5, jsonb_build_object('n', $6::int))`,
      [spec.type, deliverableId, spec.parties, spec.sectors, spec.invited, spec.n],
    );
});
afterAll(() => app.close());

interface Filter {
  partyIds?: string[];
  sectorIds?: string[];
  types?: EventType[];
  subjectIds?: string[];
}

const FEED = `query($after: String, $filter: EventFilter) {
  changes(after: $after, filter: $filter, first: 7) { nodes { details } pageInfo { hasNextPage endCursor } }
}`;

/** Every event after `after` the feed gives for `filter` (anonymous, who reads the deliverable's events), page by page. */
async function paged(filter: Filter, after = start): Promise<number[]> {
  const seen: number[] = [];
  const variables = {
    after,
    filter: {
      ...filter,
      partyIds: filter.partyIds?.map((id) => toGlobalId('Party', id)),
      sectorIds: filter.sectorIds?.map((id) => toGlobalId('Sector', id)),
      subjectIds: filter.subjectIds?.map((id) => toGlobalId('Deliverable', id)),
    },
  };
  for (;;) {
    const res = await app.gql(FEED, variables);
    expect(res.errors).toBeUndefined();
    const page = res.data!.changes;
    seen.push(...page.nodes.map((node: { details: { n: number } }) => node.details.n));
    if (!page.pageInfo.hasNextPage) return seen;
    variables.after = page.pageInfo.endCursor;
  }
}

/** The events of SPECS a filter matches (a reader who may learn of no invitation: named parties only). */
function expected(filter: Filter): number[] {
  return SPECS.filter(
    (s) =>
      (!filter.partyIds || s.parties.some((p) => filter.partyIds!.includes(p))) &&
      (!filter.sectorIds || s.sectors.some((p) => filter.sectorIds!.includes(p))) &&
      (!filter.types || filter.types.includes(s.type)),
  ).map((s) => s.n);
}

describe('a filtered feed', () => {
  it.each<[string, Filter]>([
    ['a rare party, its events far apart', { partyIds: [RARE] }],
    ['a busy party', { partyIds: [BUSY] }],
    ['both, with an event naming both', { partyIds: [RARE, BUSY] }],
    ['a rare party in a sector', { partyIds: [RARE], sectorIds: [EVEN] }],
    ['a busy party with a type', { partyIds: [BUSY], types: [EventType.MILESTONE_DUE_SOON] }],
    ['a busy party with a scarce sector', { partyIds: [BUSY], sectorIds: [SCARCE] }],
    ['two types', { types: [EventType.MILESTONE_DUE_SOON, EventType.QUESTION_POSSIBLY_ANSWERED] }],
    ['a type named twice', { types: [EventType.QUESTION_POSSIBLY_ANSWERED, EventType.QUESTION_POSSIBLY_ANSWERED] }],
    [
      'types with a sector',
      { types: [EventType.MILESTONE_DUE_SOON, EventType.QUESTION_POSSIBLY_ANSWERED], sectorIds: [SCARCE] },
    ],
    ['a scarce sector', { sectorIds: [SCARCE] }],
  ])('gives every matching event once, in order: %s', async (_, filter) => {
    const want = expected(filter);
    expect(want.length).toBeGreaterThan(0);
    expect(await paged(filter)).toEqual(want);
  });

  it('narrows a party to a subject as it narrows every event', async () => {
    expect(await paged({ partyIds: [RARE], subjectIds: [deliverableId] })).toEqual(expected({ partyIds: [RARE] }));
    expect(await paged({ partyIds: [RARE], subjectIds: [randomUUID()] })).toEqual([]);
  });

  it('gives a party from a cursor between its events the ones after it', async () => {
    const [{ cursor }] = await app.dataSource.query(
      `SELECT cursor::text FROM domain_event WHERE payload->>'n' = '150' AND cursor > $1`,
      [start],
    );
    expect(await paged({ partyIds: [RARE] }, cursor)).toEqual([151, 298]);
  });

  it('replays a party’s events to a subscription resumed before them, in order', async () => {
    const { client } = wsClient(app.url);
    try {
      const sub = collect(client, { after: start, filter: { partyIds: [toGlobalId('Party', RARE)] } });
      await sub.next(4);
      expect(sub.events.map((e) => e.cursor)).toEqual(
        (
          await app.dataSource.query(
            `SELECT cursor::text FROM domain_event WHERE cursor > $1 AND payload->>'n' IN ('7', '150', '151', '298') ORDER BY cursor`,
            [start],
          )
        ).map((r: { cursor: string }) => r.cursor),
      );
    } finally {
      await client.dispose();
    }
  });
});

describe('a party filter after pruning', () => {
  it('gives the kept events, though more of the party’s events were pruned than a page reads', async () => {
    const party = randomUUID();
    await app.dataSource.query(
      `INSERT INTO domain_event (type, subject_type, subject_id, party_ids, payload)
       SELECT 'DELIVERABLE_STATUS_CHANGED', 'Deliverable', $1, ARRAY[$2::uuid], jsonb_build_object('n', -1)
         FROM generate_series(1, 150)`,
      [deliverableId, party],
    );
    await app.dataSource.query(`UPDATE domain_event SET occurred_at = now() - interval '100 days'`);
    expect(await pruneEvents(app.dataSource, 90)).toBeGreaterThanOrEqual(150);
    for (const n of [1, 2, 3])
      await app.dataSource.query(
        `INSERT INTO domain_event (type, subject_type, subject_id, party_ids, payload)
         VALUES ('DELIVERABLE_STATUS_CHANGED', 'Deliverable', $1, ARRAY[$2::uuid], jsonb_build_object('n', $3::int))`,
        [deliverableId, party, n],
      );
    expect(await paged({ partyIds: [party] }, '')).toEqual([1, 2, 3]);
  });
});
