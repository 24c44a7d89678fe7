import { HeaderMap, type GraphQLRequestContext } from '@apollo/server';
import { parse, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../schema/build-schema';
import type { DataChangeListener } from '../../server/cache/data-changes';
import { responseCachePlugin } from '../../server/cache/response-cache';
import type { Context } from '../../server/context';

/**
 * A request whose context was built before the change listener was lost and that asks the cache after it
 * reconnected: changes committed while nobody listened were never heard, so no table's last change names
 * them, and only the epoch tells. Driven through the plugin's hooks with a listener whose state the test
 * sets (the losing and reconnecting itself is tested against PostgreSQL in response-cache.test.ts).
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const SOURCE = '{ sectors { key } }';

function listener(state: { epoch: number }) {
  return {
    get live() {
      return true;
    },
    get epoch() {
      return state.epoch;
    },
    changes: 7,
    lastChangeOf: () => 7,
    lastChangeInSectors: () => 7,
    caughtUp: async () => undefined,
  } as unknown as DataChangeListener;
}

function request(dataEpoch: number, data?: Record<string, unknown>) {
  return {
    source: SOURCE,
    document: parse(SOURCE),
    operationName: null,
    operation: { operation: 'query' },
    schema,
    request: { variables: {} },
    contextValue: { viewer: { user: null }, dataEpoch, dataChanges: 7, responseCache: { keep: true } },
    response: {
      http: { headers: new HeaderMap() },
      body: { kind: 'single', singleResult: data ? { data } : {} },
    },
  } as unknown as GraphQLRequestContext<Context>;
}

async function ask(plugin: ReturnType<typeof responseCachePlugin>, dataEpoch: number, computed: string) {
  const hooks = (await plugin.requestDidStart!(request(dataEpoch) as never))!;
  const req = request(dataEpoch, { sectors: [{ key: computed }] });
  const hit = await hooks.responseForOperation!(req as never);
  await hooks.willSendResponse!(req as never);
  if (!hit) return computed;
  const body = hit.body as unknown as { singleResult: { data: { json: string } } };
  return JSON.parse(body.singleResult.data.json).sectors[0].key as string;
}

describe('the response cache across a lost listener', () => {
  it('gives a request that arrived before the loss no answer stored before it', async () => {
    const state = { epoch: 1 };
    const plugin = responseCachePlugin(listener(state), { maxBytes: 1_000_000, ttlSeconds: 60 });
    expect(await ask(plugin, 1, 'old')).toBe('old');
    expect(await ask(plugin, 1, 'recomputed')).toBe('old');
    // Lost and back: a write made meanwhile was never heard, so the tables' last changes did not move.
    state.epoch = 3;
    expect(await ask(plugin, 3, 'new')).toBe('new');
    // A request whose context still holds the old epoch computes its own answer.
    expect(await ask(plugin, 1, 'its own')).toBe('its own');
  });
});
