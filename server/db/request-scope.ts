import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Per-request state the database layer reads without it being passed around:
 * - `primary`: this request performs a mutation, so every read in it (including the payload's
 *   nested fields, resolved after the commit) goes to the primary, never to a lagging replica;
 * - `statements`: SQL statements sent for this request, counted only when the server runs with
 *   BENCH_COUNT_SQL=true (the benchmark reads them from the `x-sql-statements` response header).
 */
export interface RequestScope {
  primary: boolean;
  statements: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Marks the current request as one whose reads must go to the primary. */
export function usePrimaryForThisRequest(): void {
  const scope = storage.getStore();
  if (scope) scope.primary = true;
}

/** Counts one SQL statement against the current request (no-op outside a request). */
export function countStatement(): void {
  const scope = storage.getStore();
  if (scope) scope.statements += 1;
}

/**
 * Opens the request scope. With `exposeStatementCount`, adds `x-sql-statements` to the response
 * (bench mode only: it tells a client how much work its query caused).
 */
export function requestScope({
  enabled,
  exposeStatementCount,
}: {
  /** Off when there is no replica and no counting: AsyncLocalStorage costs a few % of CPU per request. */
  enabled: boolean;
  exposeStatementCount: boolean;
}): RequestHandler {
  if (!enabled && !exposeStatementCount) return (_req, _res, next) => next();
  return (_req, res, next) => {
    const scope: RequestScope = { primary: false, statements: 0 };
    if (exposeStatementCount) {
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
      res.writeHead = ((...args: unknown[]) => {
        if (!res.headersSent) res.setHeader('x-sql-statements', String(scope.statements));
        return writeHead(...args);
      }) as typeof res.writeHead;
    }
    storage.run(scope, next);
  };
}

/** Sends every statement of a mutation's request to the primary (reads follow the write). */
export function primaryForMutationsPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'mutation') usePrimaryForThisRequest();
      },
    }),
  };
}
