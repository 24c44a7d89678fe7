import { Webhook } from 'standardwebhooks';
import type { DataSource, EntityManager } from 'typeorm';
import { User } from '../../../../entities';
import { DomainEvent } from '../../../../entities/domain-event.entity';
import { MembershipRole } from '../../../../entities/membership-role.enum';
import type { PartyKind } from '../../../../entities/party-kind.enum';
import { WebhookDeliveryStatus, WebhookEndpoint } from '../../../../entities/webhook.entity';
import { toGlobalId } from '../../../../schema/global-id';
import { Viewer } from '../../../auth/viewer';
import type { Config } from '../../../config';
import type { Logger } from '../../../logger';
import { accessFor } from '../event-hub';
import { latestCursor, readEvents } from '../event-store';
import { post } from './outbound';

/** Events planned per endpoint per round. */
const PLAN_BATCH = 200;
/**
 * Deliveries one worker sends at once, and at most how many of them go to one party's endpoints (one per
 * endpoint): a party whose receivers answer slowly takes its share of the slots, not every slot.
 */
const SEND_SLOTS = 10;
const SLOTS_PER_PARTY = 4;
/** Rounds between two prunings of the delivery log (with the default interval: a minute). */
const PRUNE_EVERY_ROUNDS = 60;
/** Deliveries deleted per statement, and statements per pruning. */
const PRUNE_BATCH = 1_000;
const PRUNE_BATCHES = 20;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * 3_600_000;

/**
 * Who an endpoint receives events as: a viewer of its party. It gets what the party's viewers may read
 * (drafts of its own party included), decided by the same access module as every other path.
 */
export function partyViewer(partyId: string, partyKind: PartyKind): Viewer {
  const user = Object.assign(new User(), {
    id: '00000000-0000-4000-8000-00000000ffff',
    isOperator: false,
    active: true,
  });
  return new Viewer(user, [{ membershipId: `webhook:${partyId}`, partyId, partyKind, role: MembershipRole.VIEWER }]);
}

/** The body a receiver gets: the Standard Webhooks envelope `{ type, timestamp, data }`. */
export function webhookBody(event: DomainEvent, sentAt: Date): string {
  return JSON.stringify({
    type: event.type,
    timestamp: sentAt.toISOString(),
    data: {
      cursor: event.cursor,
      type: event.type,
      subjectId: event.subjectGlobalId,
      subjectType: event.subjectType,
      occurredAt: event.occurredAt.toISOString(),
      partyIds: event.partyGlobalIds,
      sectorIds: event.sectorGlobalIds,
      before: event.before,
      after: event.after,
      details: event.details,
    },
  });
}

/** The rotated-out secrets of an endpoint that still sign at `at` (each for a day after its rotation), newest first. */
export function stillSigning(
  endpoint: Pick<WebhookEndpoint, 'previousSecrets'>,
  at: Date,
): WebhookEndpoint['previousSecrets'] {
  return endpoint.previousSecrets.filter((p) => new Date(p.until) > at);
}

/** `webhook-signature`: one `v1,…` per secret that still signs (the current one, and each rotated one for a day). */
export function signatures(endpoint: WebhookEndpoint, id: string, at: Date, body: string): string {
  const secrets = [endpoint.secret, ...stillSigning(endpoint, at).map((p) => p.secret)];
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
}

/** A delivery taken to be sent: its attempt number, and the party whose slots it uses. */
interface Leased {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  party_id: string;
}

/** Exponential backoff: base, 2×base, 4×base … capped. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Plans and sends webhook deliveries from the durable queue in PostgreSQL. Any number of instances run
 * one each: endpoints and due deliveries are taken with FOR UPDATE SKIP LOCKED, and a delivery being sent
 * is leased (its next attempt moved past the timeout), so no two workers send it at once. At least once:
 * a worker that dies mid-send leaves the lease to run out, and another sends it again.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;
  private rounds = 0;
  /** Leasing runs one at a time: a round's and those that follow finished sends. */
  private leasing: Promise<void> = Promise.resolve();
  /** Deliveries being sent, by delivery id: each frees its slot when its attempt is recorded. */
  private readonly sending = new Map<string, { endpointId: string; partyId: string; done: Promise<void> }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const every = this.config.events.webhooks.workerIntervalMs;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      if (this.running || this.stopped) return;
      this.running = this.tick()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook worker round failed'))
        .finally(() => {
          this.running = null;
        });
    }, every);
    this.timer.unref();
  }

  /** Lets the round and the sends in flight finish (their deliveries are recorded), then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all([...this.sending.values()].map((s) => s.done));
    await this.leasing.catch(() => undefined);
    // What a lease started just before the stop took is sent and recorded too.
    await Promise.all([...this.sending.values()].map((s) => s.done));
  }

  /**
   * One round: plan deliveries for new events, then start sending what is due into the free slots. Sends
   * are not waited for: a slow receiver holds its own slot, while the next rounds fill the others.
   */
  async tick(): Promise<void> {
    if (this.rounds++ % PRUNE_EVERY_ROUNDS === 0)
      await this.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'webhook log pruning failed'));
    await this.plan();
    await this.lease();
  }

  /** Leases what is due into the free slots, after any leasing still running. */
  private lease(): Promise<void> {
    this.leasing = this.leasing.catch(() => undefined).then(() => this.sendDue());
    return this.leasing;
  }

  /**
   * Finished deliveries older than the retention leave the log, with their attempts (a log of every event
   * ever sent would grow without end). Looked for first: a DELETE of no rows would still notify listeners.
   */
  private async prune(): Promise<void> {
    const days = this.config.events.webhooks.logRetentionDays;
    // By when it finished (a delivery sent again recently stays), in batches: one statement over a large
    // backlog would run into the statement timeout every time.
    const old = `status <> 'PENDING' AND coalesce(delivered_at, last_attempt_at, created_at) < now() - make_interval(days => $1)`;
    for (let batch = 0; batch < PRUNE_BATCHES; batch++) {
      const [any] = await this.dataSource.query(`SELECT 1 FROM webhook_delivery WHERE ${old} LIMIT 1`, [days]);
      if (!any) return;
      await this.dataSource.query(
        // The age again on the row deleted: one redelivered meanwhile (PENDING again) stays.
        `DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery WHERE ${old} LIMIT ${PRUNE_BATCH}) AND ${old}`,
        [days],
      );
    }
  }

  private async plan(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const endpoints = await manager
        .getRepository(WebhookEndpoint)
        .createQueryBuilder('w')
        .where('w.enabled')
        .orderBy('w.id')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (endpoints.length === 0) return;
      // Every event up to it has committed (cursors are given in commit order).
      const newest = await latestCursor(manager);
      for (const endpoint of endpoints) await this.planFor(manager, endpoint, newest);
    });
  }

  private async planFor(manager: EntityManager, endpoint: WebhookEndpoint, newest: string): Promise<void> {
    if (BigInt(newest) <= BigInt(endpoint.cursor)) return;
    const events = await readEvents(
      manager,
      endpoint.cursor,
      { types: endpoint.eventTypes.length > 0 ? endpoint.eventTypes : null },
      PLAN_BATCH,
      newest,
    );
    // Past the events of other types too: an endpoint that later asks for another type hears it from then on.
    const plannedUpTo = events.length === PLAN_BATCH ? events[events.length - 1]!.cursor! : newest;
    const [party]: { kind: PartyKind }[] = await manager.query('SELECT kind FROM party WHERE id = $1', [
      endpoint.partyId,
    ]);
    const readable = party
      ? await accessFor(this.dataSource, partyViewer(endpoint.partyId, party.kind)).readable(events)
      : [];
    if (readable.length > 0)
      await manager.query(
        `INSERT INTO webhook_delivery (endpoint_id, event_id) SELECT $1, unnest($2::uuid[])
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [endpoint.id, readable.map((e) => e.id)],
      );
    await manager.update(WebhookEndpoint, { id: endpoint.id }, { cursor: plannedUpTo });
  }

  private async sendDue(): Promise<void> {
    const free = SEND_SLOTS - this.sending.size;
    if (free <= 0 || this.stopped) return;
    const { timeoutMs } = this.config.events.webhooks;
    const busyEndpoints = [...this.sending.values()].map((s) => s.endpointId);
    const partySlots: Record<string, number> = {};
    for (const { partyId } of this.sending.values()) partySlots[partyId] = (partySlots[partyId] ?? 0) + 1;
    // Leased: the next attempt moves past the timeout, so no other worker takes it while it is sent. Looked
    // for first: an UPDATE of no rows would still notify every instance's listener (a statement trigger).
    // Fair: the oldest due delivery of each endpoint not being sent here, within its party's slots.
    // An endpoint with a delivery tried and not yet due again (failed and waiting out its backoff, or being
    // sent) sends nothing else until then: that delivery is its probe, one request per backoff step, so a
    // receiver that is down does not get its whole backlog; tried ones go first once due. The rest go in
    // event (cursor) order: a round plans a backlog's deliveries at one moment, and their ids are random.
    const leased = await this.dataSource.transaction(async (manager) => {
      const due: { id: string }[] = await manager.query(
        `WITH oldest AS (
           SELECT DISTINCT ON (q.endpoint_id) q.id, q.next_attempt_at, w.party_id
             FROM webhook_delivery q JOIN webhook_endpoint w ON w.id = q.endpoint_id AND w.enabled
             JOIN domain_event e ON e.id = q.event_id
            WHERE q.status = 'PENDING' AND q.next_attempt_at <= now() AND q.endpoint_id <> ALL($2::uuid[])
              AND NOT EXISTS (
                    SELECT 1 FROM webhook_delivery b
                     WHERE b.endpoint_id = q.endpoint_id AND b.status = 'PENDING'
                       AND b.next_attempt_at > now() AND b.attempts > 0)
            ORDER BY q.endpoint_id, q.attempts > 0 DESC, e.cursor, q.id
         ), fair AS (
           SELECT o.id, o.next_attempt_at,
                  row_number() OVER (PARTITION BY o.party_id ORDER BY o.next_attempt_at, o.id)
                    + coalesce(($3::jsonb ->> o.party_id::text)::int, 0) AS slot
             FROM oldest o
         )
         SELECT q.id FROM webhook_delivery q JOIN fair f ON f.id = q.id
          WHERE f.slot <= $4 AND q.status = 'PENDING' AND q.next_attempt_at <= now()
          ORDER BY f.next_attempt_at LIMIT $1 FOR UPDATE OF q SKIP LOCKED`,
        [free, busyEndpoints, JSON.stringify(partySlots), SLOTS_PER_PARTY],
      );
      if (due.length === 0) return [];
      const [rows]: [Leased[], number] = await manager.query(
        `UPDATE webhook_delivery d
            SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000 * 2 + 5),
                leased_until = now() + make_interval(secs => $2::double precision / 1000 * 2 + 5),
                attempts = d.attempts + 1, last_attempt_at = now()
           FROM webhook_endpoint w
          WHERE d.id = ANY($1::uuid[]) AND w.id = d.endpoint_id
        RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, w.party_id`,
        [due.map((d) => d.id), timeoutMs],
      );
      return rows;
    });
    for (const delivery of leased) {
      const done = this.send(delivery)
        .catch(async (error: unknown) => {
          this.logger.warn({ err: error, deliveryId: delivery.id }, 'webhook send failed');
          // Not sent after all: a redelivery may be asked for at once (its lease would otherwise hold it).
          await this.dataSource
            .query(`UPDATE webhook_delivery SET leased_until = NULL WHERE id = $1 AND attempts = $2`, [
              delivery.id,
              delivery.attempts,
            ])
            .catch(() => undefined);
          return false;
        })
        .then((answered) => {
          this.sending.delete(delivery.id);
          // Its slot is free: after an answer the endpoint's next due delivery goes now, not at the next round.
          // After a failure the endpoint waits for that delivery's next attempt (the lease query above).
          if (answered && !this.stopped)
            void this.lease().catch((error: unknown) =>
              this.logger.warn({ err: error }, 'webhook leasing after a send failed'),
            );
        });
      this.sending.set(delivery.id, { endpointId: delivery.endpoint_id, partyId: delivery.party_id, done });
    }
  }

  /** Sends one delivery and records the outcome; true when the receiver took it (or it was not to be sent). */
  private async send(delivery: Leased): Promise<boolean> {
    const hooks = this.config.events.webhooks;
    const endpoint = await this.dataSource.getRepository(WebhookEndpoint).findOneBy({ id: delivery.endpoint_id });
    const event = await this.dataSource.getRepository(DomainEvent).findOneBy({ id: delivery.event_id });
    // Deleted since it was leased: the endpoint's deliveries went with it.
    if (!endpoint || !event) return true;
    const [party]: { kind: PartyKind }[] = await this.dataSource.query('SELECT kind FROM party WHERE id = $1', [
      endpoint.partyId,
    ]);
    // Asked again when sent: a record that became a draft again, or a party that lost access, gets nothing.
    const readable =
      party && (await accessFor(this.dataSource, partyViewer(endpoint.partyId, party.kind)).canRead(event));
    if (!readable) {
      await this.dataSource.query(`UPDATE webhook_delivery SET status = 'SKIPPED', leased_until = NULL WHERE id = $1`, [
        delivery.id,
      ]);
      return true;
    }
    const id = toGlobalId('WebhookDelivery', delivery.id);
    const at = new Date();
    const body = webhookBody(event, at);
    const result = await post(
      endpoint.url,
      {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signatures(endpoint, id, at, body),
        'user-agent': 'iza-platform-webhooks',
      },
      body,
      hooks,
    );
    const ok = result.error === null;
    const status = ok
      ? WebhookDeliveryStatus.SUCCEEDED
      : delivery.attempts >= hooks.maxAttempts
        ? WebhookDeliveryStatus.FAILED
        : WebhookDeliveryStatus.PENDING;
    await this.dataSource.transaction(async (manager) => {
      // Only while the lease is this send's: an endpoint deleted meanwhile took the delivery with it, and
      // a lease that ran out may have been taken by another worker (its own attempt decides then).
      const [, recorded]: [unknown[], number] = await manager.query(
        `UPDATE webhook_delivery SET status = $2, last_status_code = $3, last_error = $4, leased_until = NULL,
                delivered_at = CASE WHEN $5 THEN now() ELSE NULL END,
                next_attempt_at = now() + make_interval(secs => $6::double precision / 1000)
          WHERE id = $1 AND attempts = $7 AND status = 'PENDING'`,
        [
          delivery.id,
          status,
          result.statusCode,
          result.error,
          ok,
          backoffMs(delivery.attempts, hooks.backoffBaseMs),
          delivery.attempts,
        ],
      );
      if (recorded === 0) return;
      await manager.query(
        `INSERT INTO webhook_attempt (delivery_id, status_code, error, duration_ms, succeeded) VALUES ($1, $2, $3, $4, $5)`,
        [delivery.id, result.statusCode, result.error, result.durationMs, ok],
      );
      // A delivery that failed every attempt counts toward disabling, a failed attempt alone does not: an
      // outage shorter than the retries disables nothing. One still retried leaves the count as it is; any
      // success resets it. Written only when the count changes: a write on every success would lock the row
      // planning takes and notify every instance's response cache, once per delivery of a backlog.
      let streakChanges = status === WebhookDeliveryStatus.FAILED;
      if (ok) {
        const [row]: { consecutive_failures: number }[] = await manager.query(
          `SELECT consecutive_failures FROM webhook_endpoint WHERE id = $1`,
          [endpoint.id],
        );
        streakChanges = (row?.consecutive_failures ?? 0) > 0;
      }
      if (streakChanges)
        await manager.query(
          `UPDATE webhook_endpoint
              SET consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures + 1 END,
                  enabled = enabled AND ($2 OR consecutive_failures + 1 < $3),
                  disabled_at = CASE WHEN enabled AND NOT $2 AND consecutive_failures + 1 >= $3 THEN now() ELSE disabled_at END,
                  disabled_reason = CASE WHEN enabled AND NOT $2 AND consecutive_failures + 1 >= $3
                                         THEN 'Disabled after ' || $3 || ' failed deliveries in a row; the last: ' || $4
                                         ELSE disabled_reason END
            WHERE id = $1`,
          [endpoint.id, ok, hooks.disableAfterFailures, result.error],
        );
    });
    return ok;
  }
}
