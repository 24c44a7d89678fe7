import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { toGlobalId } from '../schema/global-id';
import type { BenchContext } from './scenario';

/** Journey (i): how many subscriptions, sockets, and events in the burst. */
export const EVENTS_JOURNEY = {
  subscriptions: Number(process.env.BENCH_SUBSCRIPTIONS ?? 1000),
  perSocket: 10,
  burst: Number(process.env.BENCH_EVENT_BURST ?? 50),
  /** Mutations in flight at once during the burst. */
  concurrency: 5,
};

const SUBSCRIPTION = `subscription { events(filter: { types: [DELIVERABLE_STATUS_CHANGED] }) { cursor subjectId } }`;
const UPDATE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { id status } }`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

/**
 * (i) 1 000 open subscriptions on one instance (anonymous portals, ten per socket) and a burst of
 * deliverable status changes by VWS. For each event and subscription: the time from the moment the
 * mutation's answer arrived (its transaction had committed by then) to the delivery, and from the moment
 * it was sent (an upper bound). The API's RSS is polled by the caller.
 */
export async function runEventsJourney(ctx: BenchContext, url: string) {
  const sockets = Math.ceil(EVENTS_JOURNEY.subscriptions / EVENTS_JOURNEY.perSocket);
  const clients: Client[] = [];
  const received = new Map<string, number[]>();
  let ready = 0;
  const openedAt = Date.now();
  await new Promise<void>((resolve, reject) => {
    for (let s = 0; s < sockets; s++) {
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
      clients.push(client);
      for (
        let i = 0;
        i < EVENTS_JOURNEY.perSocket && s * EVENTS_JOURNEY.perSocket + i < EVENTS_JOURNEY.subscriptions;
        i++
      ) {
        client.subscribe<{ events: { subjectId: string } }>(
          { query: SUBSCRIPTION },
          {
            next: (result) => {
              const subject = result.data?.events.subjectId;
              if (!subject) return;
              const times = received.get(subject) ?? [];
              times.push(Date.now());
              received.set(subject, times);
            },
            error: reject,
            complete: () => undefined,
          },
        );
      }
      // graphql-ws acknowledges the socket, not each subscription: count sockets acknowledged.
      client.on('connected', () => {
        ready += 1;
        if (ready === sockets) resolve();
      });
    }
  });
  // Subscriptions are registered on the server once their subscribe messages are handled.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const openMs = Date.now() - openedAt;

  const rows = await ctx.sql<{ id: string; version: number }>(
    `SELECT id, version FROM deliverable WHERE status = 'PLANNED' ORDER BY id LIMIT $1`,
    [EVENTS_JOURNEY.burst],
  );
  const bearer = await ctx.bearer('vws.editor@example.org');
  const sent = new Map<string, { sentAt: number; answeredAt: number }>();
  let next = 0;
  let errors = 0;
  const burstStarted = Date.now();
  await Promise.all(
    Array.from({ length: EVENTS_JOURNEY.concurrency }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const id = toGlobalId('Deliverable', row.id);
        const sentAt = Date.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: bearer },
          body: JSON.stringify({
            query: UPDATE,
            variables: { input: { id, version: row.version, status: 'IN_PROGRESS' } },
          }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) errors += 1;
        else sent.set(id, { sentAt, answeredAt: Date.now() });
      }
    }),
  );
  const expected = sent.size * EVENTS_JOURNEY.subscriptions;
  const deadline = Date.now() + 30_000;
  const count = () => [...sent.keys()].reduce((sum, id) => sum + (received.get(id)?.length ?? 0), 0);
  while (count() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const burstMs = Date.now() - burstStarted;

  const fromCommit: number[] = [];
  const fromSend: number[] = [];
  for (const [id, { sentAt, answeredAt }] of sent)
    for (const at of received.get(id) ?? []) {
      fromCommit.push(Math.max(0, at - answeredAt));
      fromSend.push(at - sentAt);
    }
  fromCommit.sort((a, b) => a - b);
  fromSend.sort((a, b) => a - b);
  await Promise.all(clients.map((c) => c.dispose()));
  return {
    subscriptions: EVENTS_JOURNEY.subscriptions,
    sockets,
    'open s': (openMs / 1000).toFixed(1),
    events: sent.size,
    'mutation errors': errors,
    'deliveries expected': expected,
    'deliveries received': count(),
    'commit→delivery p50 ms': percentile(fromCommit, 50),
    'commit→delivery p95 ms': percentile(fromCommit, 95),
    'commit→delivery max ms': percentile(fromCommit, 100),
    'send→delivery p95 ms': percentile(fromSend, 95),
    'burst s': (burstMs / 1000).toFixed(1),
  };
}
