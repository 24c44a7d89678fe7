import { toGlobalId } from 'graphql-relay';
import type { BenchContext, BenchRequest } from './scenario';
import { linkBatchScenario } from './scenarios/link-batch';

/** (g) The writers beside the read journeys: an association's link batches and VWS's status updates. */
export const UNDER_WRITES = {
  linkBatchesPerSecond: 2,
  statusUpdatesPerSecond: 5,
};

const VWS = 'vws.editor@example.org';

const STATUS_UPDATE = /* GraphQL */ `
  mutation StatusUpdate($input: PostStatusUpdateInput!) {
    postStatusUpdate(input: $input) {
      health
    }
  }
`;

/** Status updates VWS may post: on the open deliverables it owns, in turn. */
async function statusUpdates(ctx: BenchContext): Promise<() => BenchRequest> {
  const authorization = await ctx.bearer(VWS);
  const deliverables = await ctx.sql<{ id: string }>(
    `SELECT d.id FROM deliverable d JOIN deliverable_owner o ON o.deliverable_id = d.id
       JOIN party p ON p.id = o.party_id AND p.key = 'vws'
      WHERE d.status NOT IN ('DONE', 'CANCELLED') ORDER BY d.key LIMIT 200`,
  );
  if (deliverables.length === 0) throw new Error('g: VWS owns no open deliverable');
  let next = 0;
  return () => {
    const n = next++;
    return {
      query: STATUS_UPDATE,
      headers: { authorization },
      variables: {
        input: {
          deliverableId: toGlobalId('Deliverable', deliverables[n % deliverables.length]!.id),
          health: n % 3 === 0 ? 'AT_RISK' : 'ON_TRACK',
          text: `Benchmark: voortgang ${n}`,
        },
      },
    };
  };
}

/**
 * Starts both writers at their fixed rates (each request sent on its tick, whether or not the last one
 * came back); `stop()` waits for the requests in flight and returns what was sent and what failed.
 */
export async function startWriters(
  ctx: BenchContext,
  url: string,
): Promise<{ stop(): Promise<{ linkBatches: number; statusUpdates: number; errors: number }> }> {
  const links = await linkBatchScenario.requests(ctx);
  // Past the batches the link journey (c) may have sent in this run.
  let nextLink = links.length - 1;
  const update = await statusUpdates(ctx);
  const sent = { linkBatches: 0, statusUpdates: 0, errors: 0 };
  const inFlight = new Set<Promise<void>>();
  const send = (body: BenchRequest | undefined, kind: 'linkBatches' | 'statusUpdates') => {
    if (!body) return;
    const request = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...body.headers },
      body: JSON.stringify({ query: body.query, variables: body.variables }),
    })
      .then(async (response) => {
        const json = (await response.json()) as { errors?: unknown };
        sent[kind]++;
        if (!response.ok || json.errors) sent.errors++;
      })
      .catch(() => {
        sent.errors++;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  const timers = [
    setInterval(() => send(links[nextLink--], 'linkBatches'), 1000 / UNDER_WRITES.linkBatchesPerSecond),
    setInterval(() => send(update(), 'statusUpdates'), 1000 / UNDER_WRITES.statusUpdatesPerSecond),
  ];
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(inFlight);
      return sent;
    },
  };
}
