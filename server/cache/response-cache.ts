import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Context } from '../context';
import { today } from '../today';
import type { DataChangeListener } from './data-changes';

export interface ResponseCacheOptions {
  /** Memory the cached responses may take, in bytes (least recently used ones go first). */
  maxBytes: number;
  /** The longest a response is kept, in seconds, however little changes. */
  ttlSeconds: number;
}

/**
 * Whole-response cache for queries, so portals that poll the same agenda or dashboard cost a lookup
 * instead of a computation. An answer is reused only while it is certainly current:
 * - the key holds the data epoch the request started in (see DataChangeListener): any committed write
 *   anywhere starts a new epoch, so older answers are never found again (they age out of the LRU);
 *   an answer computed while a write committed is not stored at all;
 * - the key holds the day in Amsterdam, because `asOf` defaults to today (health, overdue, conflicts);
 * - anonymous answers are shared (they show published records only); a signed-in user's answers are
 *   theirs alone (scope PRIVATE, keyed by user), never another user's or an anonymous one;
 * - nothing is read from or written to the cache while the listener is not connected;
 * - this instance's own mutations start a new epoch when they finish, before the client hears back.
 * Errors, mutations and partial answers are never stored, nor answers a resolver marks as not worth
 * keeping (`context.responseCache.keep`: searches on text being typed). Apollo's response-cache plugin does the
 * storing; this decides what may be stored and for how long.
 */
export function responseCachePlugins(
  changes: DataChangeListener,
  options: ResponseCacheOptions,
): ApolloServerPlugin<Context>[] {
  const usable = (request: GraphQLRequestContext<Context>) => changes.live && request.operation?.operation === 'query';

  const policy: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        // Runs before the cache plugin's own willSendResponse (plugins run in order).
        async willSendResponse(request) {
          if (request.operation?.operation === 'mutation') {
            changes.changed();
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

  const cache = responseCachePlugin<Context>({
    // What an entry really takes: key and value as two-byte strings (any character outside Latin-1
    // makes V8 store the whole string so), plus the LRU's bookkeeping.
    cache: new InMemoryLRUCache<string>({
      maxSize: options.maxBytes,
      sizeCalculation: (value: string, key: string) => 2 * (key.length + value.length) + 300,
    }),
    sessionId: async ({ contextValue }) => contextValue.viewer.user?.id ?? null,
    extraCacheKeyData: async ({ contextValue }) => `${contextValue.dataEpoch}|${today()}`,
    shouldReadFromCache: async (request) => usable(request),
    shouldWriteToCache: async (request) =>
      usable(request) && request.contextValue.dataEpoch === changes.epoch && request.contextValue.responseCache.keep,
  });

  return [policy, cache];
}
