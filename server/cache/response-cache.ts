import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Context } from '../context';
import { today } from '../today';
import type { DataChangeListener } from './data-changes';
import { readDependencies, VIEWER_TABLES, type ReadDependencies } from './dependencies';

export interface ResponseCacheOptions {
  /** Memory the cached responses may take, in bytes (least recently used ones go first). */
  maxBytes: number;
  /** The longest a response is kept, in seconds, however little changes. */
  ttlSeconds: number;
}

/**
 * Whole-response cache for queries, so portals that poll the same agenda or dashboard cost a lookup
 * instead of a computation. An answer is reused only while it is certainly current:
 * - an answer depends on the tables its query reads (server/cache/dependencies.ts; a signed-in viewer's
 *   also on who they are; a sector's conflicts and overview on the changes that reach its sector only).
 *   The key holds the latest change heard to any of those tables, and the data epoch (see
 *   DataChangeListener): a committed write to one of them, from anywhere, makes older answers never found
 *   again (they age out of the LRU), while writes to other tables leave them in place. The key is taken
 *   before the answer is computed, so it names changes the answer certainly saw; the requests already
 *   waiting for it with the same key share it even when a change is heard meanwhile (it is concurrent with
 *   them), but it is not stored then: every later request has another key;
 * - the key holds the day in Amsterdam, because `asOf` defaults to today (health, overdue, conflicts);
 * - anonymous answers are shared (they show published records only); a signed-in user's answers are
 *   theirs alone (scope PRIVATE, keyed by user), never another user's or an anonymous one;
 * - nothing is read from or written to the cache while the listener is not connected;
 * - this instance's own mutations wait until their own changes have been heard, before the client hears
 *   back, so the writer's next read is current;
 * - concurrent misses on the same key compute once: the first computes, the others wait for its answer
 *   and share it when it is one the cache would keep (never an error; another viewer's key is another
 *   computation).
 * Errors, mutations and partial answers are never stored, nor answers a resolver marks as not worth
 * keeping (`context.responseCache.keep`: searches on text being typed). Apollo's response-cache plugin does the
 * storing; this decides what may be stored and for how long.
 */
export function responseCachePlugins(
  changes: DataChangeListener,
  options: ResponseCacheOptions,
): ApolloServerPlugin<Context>[] {
  // The viewer is read when the request arrives, before the key is taken: a change to who they are or what
  // they may see since then leaves this request out of the cache.
  const usable = (request: GraphQLRequestContext<Context>) =>
    changes.live &&
    request.operation?.operation === 'query' &&
    (!request.contextValue.viewer.user || changes.lastChangeOf(VIEWER_TABLES) <= request.contextValue.dataChanges);
  const dependencies = new WeakMap<GraphQLRequestContext<Context>, ReadDependencies | undefined>();
  const dependenciesOf = (request: GraphQLRequestContext<Context>) => {
    if (!dependencies.has(request))
      dependencies.set(
        request,
        readDependencies(request.schema, request.document!, request.operationName, request.request.variables),
      );
    return dependencies.get(request);
  };
  /** The latest change heard to what the answer reads: any change at all when that is not known. */
  const lastChange = (request: GraphQLRequestContext<Context>) => {
    const read = dependenciesOf(request);
    if (!read) return changes.changes;
    const viewer = request.contextValue.viewer.user ? changes.lastChangeOf(VIEWER_TABLES) : 0;
    const inSectors = read.inSectors ? changes.lastChangeInSectors(read.inSectors.tables, read.inSectors.sectors) : 0;
    return Math.max(viewer, inSectors, changes.lastChangeOf(read.tables));
  };
  /**
   * The listener heard every change from the request's arrival until now: a loss or a reconnect in between
   * starts a new epoch, and a change committed meanwhile may never have been heard, so no key names it.
   */
  const unbroken = (request: GraphQLRequestContext<Context>) => request.contextValue.dataEpoch === changes.epoch;
  const keyOf = (request: GraphQLRequestContext<Context>) =>
    `${request.contextValue.dataEpoch}|${lastChange(request)}|${today()}`;

  const policy: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        // Apollo starts every plugin's willSendResponse at once: this one sets the policy before its first
        // await, so the cache plugin's hook, started after it, sees it.
        async willSendResponse(request) {
          if (request.operation?.operation === 'mutation') {
            await changes.caughtUp();
            return;
          }
          if (!usable(request)) return;
          request.overallCachePolicy.replace({
            maxAge: options.ttlSeconds,
            scope: request.contextValue.viewer.user ? 'PRIVATE' : 'PUBLIC',
          });
        },
      };
    },
  };

  /** The key each request's answer is stored under, taken before it is computed. */
  const keys = new WeakMap<GraphQLRequestContext<Context>, string>();
  const cache = responseCachePlugin<Context>({
    // What an entry really takes: key and value as two-byte strings (any character outside Latin-1
    // makes V8 store the whole string so), plus the LRU's bookkeeping.
    cache: new InMemoryLRUCache<string>({
      maxSize: options.maxBytes,
      sizeCalculation: (value: string, key: string) => 2 * (key.length + value.length) + 300,
    }),
    sessionId: async ({ contextValue }) => contextValue.viewer.user?.id ?? null,
    extraCacheKeyData: async (request) => {
      const key = keyOf(request);
      keys.set(request, key);
      return key;
    },
    shouldReadFromCache: async (request) => usable(request),
    // An answer whose key is no longer the current one (a change was heard while it was computed) would never
    // be found: it is not stored.
    shouldWriteToCache: async (request) =>
      usable(request) &&
      unbroken(request) &&
      !shared.has(request) &&
      request.contextValue.responseCache.keep &&
      keys.get(request) === keyOf(request),
  });

  /** Answers being computed, by key; each resolves with the answer's data when others may share it. */
  const inFlight = new Map<string, Promise<Record<string, unknown> | undefined>>();
  const shared = new WeakSet<GraphQLRequestContext<Context>>();
  const singleFlight: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      let finish: ((data: Record<string, unknown> | undefined) => void) | undefined;
      let flight: Promise<Record<string, unknown> | undefined> | undefined;
      let key: string | undefined;
      return {
        // Runs after the cache plugin's lookup missed (the first plugin with an answer wins).
        async responseForOperation(request) {
          if (!usable(request) || !request.contextValue.responseCache.keep) return null;
          key = JSON.stringify([
            request.source,
            request.operationName,
            request.request.variables ?? {},
            request.contextValue.viewer.user?.id ?? null,
            // The key the cache plugin's lookup just took (and the answer is stored under), not a second reading.
            keys.get(request) ?? keyOf(request),
          ]);
          // The same key holds the same latest change: the flight's answer saw every change this request
          // must see (a change heard since is concurrent with both).
          const running = inFlight.get(key);
          const data = running && (await running);
          if (data) {
            shared.add(request);
            return {
              body: { kind: 'single', singleResult: { data } },
              http: { status: undefined, headers: new HeaderMap() },
            };
          }
          // No flight, or one that is not shareable (an error, a lost listener, an answer not to keep):
          // this request computes its own.
          flight = new Promise<Record<string, unknown> | undefined>((resolve) => (finish = resolve));
          inFlight.set(key, flight);
          return null;
        },
        async willSendResponse(request) {
          if (!finish || !key) return;
          const body = request.response.body;
          const result = body.kind === 'single' ? body.singleResult : undefined;
          const keep =
            result && !result.errors && result.data && unbroken(request) && request.contextValue.responseCache.keep;
          if (inFlight.get(key) === flight) inFlight.delete(key);
          finish(keep ? (result.data as Record<string, unknown>) : undefined);
          finish = undefined;
        },
      };
    },
  };

  return [policy, cache, singleFlight];
}
