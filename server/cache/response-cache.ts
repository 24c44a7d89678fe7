import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { FormattedExecutionResult } from 'graphql';
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
 * keeping (`context.responseCache.keep`: searches on text being typed). An answer is kept as the JSON the
 * response carries (SerializedData, written out by `stringifyResult`): a hit costs no parsing and no
 * serialising, and a computed answer is serialised once for its response, the cache and its sharers.
 */
export function responseCachePlugin(
  changes: DataChangeListener,
  options: ResponseCacheOptions,
): ApolloServerPlugin<Context> {
  /**
   * The listener heard every change from the request's arrival until now: a loss or a reconnect in between
   * starts a new epoch, and a change committed meanwhile may never have been heard, so no key names it.
   */
  const unbroken = (request: GraphQLRequestContext<Context>) => request.contextValue.dataEpoch === changes.epoch;
  // The viewer is read when the request arrives, before the key is taken: a change to who they are or what
  // they may see since then leaves this request out of the cache. So does a lost listener since then: its
  // key would name the old epoch, under which answers stored before the loss are still found.
  const usable = (request: GraphQLRequestContext<Context>) =>
    changes.live &&
    unbroken(request) &&
    request.operation?.operation === 'query' &&
    (!request.contextValue.viewer.user || changes.lastChangeOf(VIEWER_TABLES) <= request.contextValue.dataChanges);
  /**
   * The latest change heard to what the answer reads (`read`: its dependencies, undefined when they are not
   * known): any change at all when that is not known.
   */
  const lastChange = (request: GraphQLRequestContext<Context>, read: ReadDependencies | undefined) => {
    if (!read) return changes.changes;
    const viewer = request.contextValue.viewer.user ? changes.lastChangeOf(VIEWER_TABLES) : 0;
    const inSectors = read.inSectors ? changes.lastChangeInSectors(read.inSectors.tables, read.inSectors.sectors) : 0;
    return Math.max(viewer, inSectors, changes.lastChangeOf(read.tables));
  };
  const keyOf = (request: GraphQLRequestContext<Context>, read: ReadDependencies | undefined) =>
    `${request.contextValue.dataEpoch}|${lastChange(request, read)}|${today()}`;

  const store = new InMemoryLRUCache<StoredAnswer>({
    maxSize: options.maxBytes,
    // What an entry really takes: key and JSON as two-byte strings (any character outside Latin-1 makes V8
    // store the whole string so), plus the LRU's bookkeeping.
    sizeCalculation: (answer, key) => 2 * (key.length + answer.json.length) + 300,
  });
  /** Answers being computed, by key; each resolves with the answer's JSON when others may share it. */
  const inFlight = new Map<string, Promise<string | undefined>>();

  return {
    async requestDidStart() {
      /** Where this request's answer is stored; set when it may be cached at all. */
      let key: string | undefined;
      let taken: string | undefined;
      let read: ReadDependencies | undefined;
      let storedAt: number | undefined;
      let shared = false;
      let finish: ((json: string | undefined) => void) | undefined;
      let flight: Promise<string | undefined> | undefined;
      return {
        async responseForOperation(request) {
          if (!usable(request)) return null;
          // The key names the latest change the answer certainly sees: taken before it is computed.
          read = readDependencies(request.schema, request.document!, request.operationName, request.request.variables);
          taken = keyOf(request, read);
          key = createHash('sha256')
            .update(
              JSON.stringify([
                request.source,
                request.operationName ?? null,
                request.request.variables ?? {},
                request.contextValue.viewer.user?.id ?? null,
                taken,
              ]),
            )
            .digest('base64url');
          const stored = await store.get(key);
          if (stored) {
            storedAt = stored.at;
            return answer(stored.json);
          }
          if (!request.contextValue.responseCache.keep) return null;
          // The same key holds the same latest change: the flight's answer saw every change this request
          // must see (a change heard since is concurrent with both).
          const running = inFlight.get(key);
          const json = running && (await running);
          if (json) {
            shared = true;
            return answer(json);
          }
          // No flight, or one that is not shareable (an error, a lost listener, an answer not to keep):
          // this request computes its own.
          flight = new Promise<string | undefined>((resolve) => (finish = resolve));
          inFlight.set(key, flight);
          return null;
        },
        async willSendResponse(request) {
          if (request.operation?.operation === 'mutation') {
            await changes.caughtUp();
            return;
          }
          if (storedAt !== undefined) {
            request.response.http.headers.set('age', String(Math.max(0, Math.round((Date.now() - storedAt) / 1000))));
            return;
          }
          if (!key || shared) return;
          // Read after the plugins listed before this one replaced the result (the response budget answers
          // RESPONSE_TOO_LARGE alone), which they do before their first await.
          const body = request.response.body;
          const result = body.kind === 'single' ? body.singleResult : undefined;
          const keep =
            result && !result.errors && result.data && unbroken(request) && request.contextValue.responseCache.keep;
          let json: string | undefined;
          try {
            json = keep ? JSON.stringify(result.data) : undefined;
          } finally {
            // Whatever happens, the requests waiting for this answer are let go (with it, or to compute their own).
            if (finish) {
              if (inFlight.get(key) === flight) inFlight.delete(key);
              finish(json);
              finish = undefined;
            }
          }
          // Serialised once: the response, the cache and the requests sharing it all take this JSON.
          if (json) result!.data = serialized(json);
          // An answer whose key is no longer the current one (a change was heard while it was computed)
          // would never be found: it is not stored.
          if (json && usable(request) && taken === keyOf(request, read))
            await store.set(key, { json, at: Date.now() }, { ttl: options.ttlSeconds });
        },
      };
    },
  };
}

/** A stored answer: its data as the JSON the response carries, and when it was computed (for `Age`). */
interface StoredAnswer {
  readonly json: string;
  readonly at: number;
}

function answer(json: string): GraphQLResponse {
  return {
    body: { kind: 'single', singleResult: { data: serialized(json) } },
    http: { status: undefined, headers: new HeaderMap() },
  };
}

/**
 * An answer's `data` already serialised, from the cache or from the request that computed it:
 * `stringifyResult` writes it into the response as it is. Parsing a stored answer and serialising it
 * again was half of a cached dashboard's CPU (110 kB of JSON each way).
 */
export class SerializedData {
  constructor(readonly json: string) {}
}

/** Serialised data where a result's data goes (only `stringifyResult` looks inside). */
function serialized(json: string): Record<string, unknown> {
  return new SerializedData(json) as unknown as Record<string, unknown>;
}

/**
 * The response body as Apollo writes it (`JSON.stringify` of errors, data and extensions, in that order,
 * and a newline), with serialised data spliced in as it is.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data: unknown = result.data;
  if (!(data instanceof SerializedData)) return `${JSON.stringify(result)}\n`;
  const fields = [`"data":${data.json}`];
  if (result.errors !== undefined) fields.unshift(`"errors":${JSON.stringify(result.errors)}`);
  if (result.extensions !== undefined) fields.push(`"extensions":${JSON.stringify(result.extensions)}`);
  return `{${fields.join(',')}}\n`;
}
