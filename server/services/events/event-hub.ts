import type { DataSource } from 'typeorm';
import type { DomainEvent } from '../../../entities/domain-event.entity';
import { createAccess } from '../../auth/access';
import { EventAccess } from '../../auth/events.access';
import { GRANTS_VERSION_SQL, Policy } from '../../auth/policy';
import { Viewer } from '../../auth/viewer';
import type { MembershipRole } from '../../../entities/membership-role.enum';
import type { PartyKind } from '../../../entities/party-kind.enum';
import { createLoaders } from '../../loaders';
import type { Logger } from '../../logger';
import { NodeService } from '../node.service';
import { assertKeptAfter, type EventSelection, latestCursor, matches, readEvents } from './event-store';

/** Outbox rows read per statement when catching up. */
const BATCH = 500;
/** Events a stream holds for a slow client before it is ended (it resumes with its last cursor). */
const MAX_QUEUED = 1_000;

/**
 * The events a viewer may read, decided once per batch and viewer: a fresh policy and fresh loaders, so
 * the rules are those of the moment of delivery, and a thousand subscriptions of one viewer cost one check.
 */
export function accessFor(dataSource: DataSource, viewer: Viewer): EventAccess {
  const loaders = createLoaders(dataSource);
  const policy = new Policy(viewer, dataSource);
  return new EventAccess(new NodeService(loaders, createAccess(policy, loaders)));
}

/**
 * The signed-in subscribers as they are now: memberships and the operator flag read again (one statement
 * for all of them), so a removed membership or a revoked operator counts at the next event, not at the
 * next sign-in. A deactivated or removed account reads as anonymous.
 */
async function currentViewers(dataSource: DataSource, viewers: Viewer[]): Promise<Map<string, Viewer>> {
  const result = new Map<string, Viewer>();
  if (viewers.length === 0) return result;
  const rows: {
    id: string;
    is_operator: boolean;
    memberships: [string, string, PartyKind, MembershipRole][];
    grants_version: string | null;
  }[] = await dataSource.query(
    // With the grants' version, as at sign-in: each delivery's Policy then reads the grants only after a change.
    `SELECT u.id, u.is_operator, (${GRANTS_VERSION_SQL}) AS grants_version,
              coalesce(json_agg(json_build_array(m.id, m.party_id, p.kind, m.role)) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
         FROM "user" u LEFT JOIN membership m ON m.user_id = u.id LEFT JOIN party p ON p.id = m.party_id
        WHERE u.id = ANY($1::uuid[]) AND u.active GROUP BY u.id`,
    [[...new Set(viewers.map((v) => v.user!.id))]],
  );
  const signedInById = new Map(viewers.map((v) => [v.user!.id, v.user!]));
  for (const row of rows) {
    const signedIn = signedInById.get(row.id)!;
    // A copy with the flag as it is now; the subscriber's own user object stays as its context saw it.
    const user = Object.assign(Object.create(Object.getPrototypeOf(signedIn) as object) as typeof signedIn, signedIn, {
      isOperator: row.is_operator,
    });
    result.set(
      row.id,
      new Viewer(
        user,
        row.memberships.map(([membershipId, partyId, partyKind, role]) => ({ membershipId, partyId, partyKind, role })),
        row.grants_version,
      ),
    );
  }
  return result;
}

const rightsOf = new WeakMap<Viewer, string>();

/**
 * What a subscription's context was built from: its memberships (with roles), the operator flag and the grants'
 * version (its selection matches invitees by the read scope the grants give). Once per viewer object: a stream's
 * viewer is compared at every batch.
 */
function rights(viewer: Viewer): string {
  let known = rightsOf.get(viewer);
  if (known === undefined) {
    const memberships = viewer.memberships.map((m) => `${m.membershipId}:${m.partyId}:${m.role}`).sort();
    known = JSON.stringify([viewer.user?.id ?? null, viewer.isOperator, memberships, viewer.grantsVersion ?? null]);
    rightsOf.set(viewer, known);
  }
  return known;
}

/**
 * Whether a subscriber's rights changed since its context (viewer, memoized scopes, loaders) was built.
 * Nested fields resolve with that context, so such a stream is ended rather than fed: the client
 * resubscribes (from its last cursor) and gets a context built anew.
 */
function changed(viewer: Viewer, now: Viewer): boolean {
  return rights(viewer) !== rights(now);
}

/** A signed-in viewer as the database has it now (anonymous once deactivated); for a new subscription's context. */
export async function refreshedViewer(dataSource: DataSource, viewer: Viewer): Promise<Viewer> {
  if (!viewer.user) return viewer;
  return (await currentViewers(dataSource, [viewer])).get(viewer.user.id) ?? Viewer.anonymous;
}

function viewerKey(viewer: Viewer): string {
  return viewer.user ? `user:${viewer.user.id}` : 'anonymous';
}

/**
 * `events` with `renew` called as each one is handed out. graphql-js resolves an event's fields right
 * after it arrives and asks for the next only once that is done, so each event's fields read with what
 * `renew` made (a subscription's context: fresh loaders and rights, not an earlier delivery's).
 */
export function renewedPerEvent(
  events: AsyncIterableIterator<DomainEvent>,
  renew: (() => void) | undefined,
): AsyncIterableIterator<DomainEvent> {
  if (!renew) return events;
  return {
    next: async () => {
      const result = await events.next();
      if (!result.done) renew();
      return result;
    },
    return: (value?: unknown) => events.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => events.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * One subscription's events as an async iterator, in cursor order without gaps or repeats. Until it has
 * its starting point, live events wait in a buffer: a resumed stream first replays what it missed from
 * the outbox after the client's cursor; a new one starts at the newest committed event. Events at or
 * before the last one handed out are dropped, so the overlap of buffer and start never repeats.
 */
export class EventStream implements AsyncIterableIterator<DomainEvent> {
  private delivered = 0n;
  private readonly queue: DomainEvent[] = [];
  private buffer: DomainEvent[] | null = [];
  /** While replaying: where the outbox is read from, a batch each time the client has taken the last. */
  private replaying: DataSource | null = null;
  /** Replaying from a client's cursor (not from the start): a pruning past where a batch starts is refused. */
  private resumed = false;
  /** Whether the buffer let go of live events since the last batch was read (then it is not the last). */
  private trimmed = false;
  private waiting: ((result: IteratorResult<DomainEvent>) => void) | null = null;
  private done = false;

  constructor(
    private readonly hub: EventHub,
    readonly viewer: Viewer,
    readonly selection: EventSelection,
  ) {}

  get key(): string {
    return viewerKey(this.viewer);
  }

  /**
   * Replays the outbox after the client's cursor, then switches to live delivery. The first batch is read
   * now (a stream that cannot start fails its subscription); each next one when the client has taken the
   * one before, so a client far behind is never more than a batch ahead of what it has read.
   */
  async replay(dataSource: DataSource, after: string): Promise<void> {
    this.delivered = BigInt(after);
    this.resumed = after !== '0';
    this.replaying = dataSource;
    await this.replayBatch();
  }

  private async replayBatch(): Promise<void> {
    const dataSource = this.replaying!;
    this.trimmed = false;
    const from = this.delivered.toString();
    const batch = await readEvents(dataSource, from, this.selection, BATCH);
    // A resumed stream must not pass over pruned events (before this replay, or while it ran): EVENTS_PRUNED.
    // A stream from the start replays whatever the outbox holds as it goes.
    if (this.resumed) await assertKeptAfter(dataSource, from);
    const now = await refreshedViewer(dataSource, this.viewer);
    if (changed(this.viewer, now)) {
      await this.return();
      return;
    }
    const readable = await accessFor(dataSource, now).readable(batch);
    if (this.done) return;
    this.queue.push(...readable);
    if (batch.length > 0) this.delivered = BigInt(batch[batch.length - 1]!.cursor!);
    // Caught up, unless live events were let go while this batch was read and checked: those were
    // committed after the read, so only another batch holds them.
    if (batch.length < BATCH && !this.trimmed) {
      this.replaying = null;
      this.goLive();
    }
  }

  /** Starts live delivery after `cursor`: what the buffer holds up to it happened before the subscription. */
  startAt(cursor: string): void {
    this.delivered = BigInt(cursor);
    this.goLive();
  }

  private goLive(): void {
    const live = this.buffer ?? [];
    this.buffer = null;
    for (const event of live) this.offer(event);
  }

  /** From the hub, in cursor order, already checked for this viewer. */
  offer(event: DomainEvent): void {
    if (this.done) return;
    if (this.buffer !== null) {
      // While the outbox is still being replayed, a later batch reads what the buffer held: it is let go
      // rather than growing for as long as a slow client takes to catch up.
      if (this.replaying && this.buffer.length >= MAX_QUEUED) {
        this.buffer.length = 0;
        this.trimmed = true;
      }
      this.buffer.push(event);
      return;
    }
    if (BigInt(event.cursor!) <= this.delivered) return;
    this.delivered = BigInt(event.cursor!);
    this.push(event);
  }

  private push(event: DomainEvent): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
      return;
    }
    this.queue.push(event);
    // A client that does not read falls behind; it is ended rather than holding memory without bound.
    if (this.queue.length > MAX_QUEUED) void this.return();
  }

  next(): Promise<IteratorResult<DomainEvent>> {
    const event = this.queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    if (this.replaying)
      return this.replayBatch().then(
        () => this.next(),
        async (error: unknown) => {
          await this.return();
          throw error;
        },
      );
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<DomainEvent>> {
    this.done = true;
    this.queue.length = 0;
    this.hub.remove(this);
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<DomainEvent> {
    return this;
  }
}

/**
 * Delivers committed events to this instance's subscriptions. Notifications (LISTEN on the outbox's
 * channel, through the one data-change listener) carry cursors and only say "read on"; the outbox holds
 * the events, read in cursor order from the last one seen. A poll covers a missed notification.
 */
export class EventHub {
  private last = '0';
  /** Set while nobody subscribes: then the outbox is not read, and `last` is refreshed at the next open. */
  private idle = false;
  private readonly streams = new Set<EventStream>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  /** How many streams this instance delivers to now. */
  get streamCount(): number {
    return this.streams.size;
  }

  async start(): Promise<void> {
    this.last = await latestCursor(this.dataSource);
    this.poll = setInterval(() => this.wake(), this.pollMs);
    this.poll.unref();
  }

  stop(): Promise<void> {
    clearInterval(this.poll);
    for (const stream of [...this.streams]) void stream.return();
    return this.pumping ?? Promise.resolve();
  }

  /** A notification: an event with this cursor committed somewhere. */
  notified(cursor: string | undefined): void {
    if (cursor && /^\d+$/.test(cursor) && BigInt(cursor) <= BigInt(this.last)) return;
    this.wake();
  }

  async open(viewer: Viewer, selection: EventSelection, after: string | null): Promise<EventStream> {
    let now: string | undefined;
    if (this.idle) {
      this.idle = false;
      this.last = now = await latestCursor(this.dataSource);
    }
    // Added before its starting point is known, so nothing the hub hands out meanwhile is lost (it waits in
    // the stream's buffer). A new stream starts at the newest committed event, not at the hub's position:
    // the hub may not have read what was committed just before, which happened before this subscription.
    const stream = new EventStream(this, viewer, selection);
    this.streams.add(stream);
    try {
      if (after !== null) await stream.replay(this.dataSource, after);
      else stream.startAt(now ?? (await latestCursor(this.dataSource)));
    } catch (error) {
      // The subscription fails and its socket's slots are freed: the stream must not stay behind and keep buffering.
      this.streams.delete(stream);
      throw error;
    }
    return stream;
  }

  remove(stream: EventStream): void {
    this.streams.delete(stream);
  }

  /** Resolves when everything committed so far has been handed to the streams. */
  async drain(): Promise<void> {
    this.wake();
    while (this.pumping) await this.pumping;
  }

  private wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'event delivery failed; retrying at the next poll'))
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pump(): Promise<void> {
    for (;;) {
      // Without subscriptions there is nobody to read for: no statements in the background.
      if (this.streams.size === 0) {
        this.idle = true;
        return;
      }
      const batch = await readEvents(this.dataSource, this.last, {}, BATCH);
      if (batch.length === 0) return;
      await this.dispatch(batch);
      this.last = batch[batch.length - 1]!.cursor!;
      if (batch.length < BATCH) return;
    }
  }

  /** Decides visibility per viewer (not per stream), then hands the events out in cursor order. */
  private async dispatch(batch: DomainEvent[]): Promise<void> {
    const current = await currentViewers(
      this.dataSource,
      [...this.streams].flatMap((stream) => (stream.viewer.user ? [stream.viewer] : [])),
    );
    const nowOf = (viewer: Viewer) => (viewer.user ? (current.get(viewer.user.id) ?? Viewer.anonymous) : viewer);
    // Per stream: two sockets of one user may have been signed in before and after a change.
    for (const stream of [...this.streams]) if (changed(stream.viewer, nowOf(stream.viewer))) void stream.return();
    const streams = [...this.streams];
    const byViewer = new Map<string, { viewer: Viewer; events: Set<DomainEvent> }>();
    const wantedBy = new Map<EventStream, DomainEvent[]>();
    for (const stream of streams) {
      if (!byViewer.has(stream.key)) byViewer.set(stream.key, { viewer: nowOf(stream.viewer), events: new Set() });
      const all = byViewer.get(stream.key)!.events;
      const wanted = batch.filter((event) => matches(event, stream.selection));
      for (const event of wanted) all.add(event);
      wantedBy.set(stream, wanted);
    }
    const readable = new Map<string, Set<DomainEvent>>();
    await Promise.all(
      [...byViewer].map(async ([key, { viewer, events }]) => {
        if (events.size === 0) return;
        const allowed = await accessFor(this.dataSource, viewer).readable([...events]);
        readable.set(key, new Set(allowed));
      }),
    );
    for (const stream of streams) {
      const allowed = readable.get(stream.key);
      for (const event of wantedBy.get(stream)!) if (allowed?.has(event)) stream.offer(event);
    }
  }
}
