import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import { DomainError, ErrorCode } from '../errors';

/**
 * Per-request state the database layer reads without it being passed around. `primary` (with a read
 * replica only) says this request performs a mutation, so every read in it (including the payload's
 * nested fields, resolved after the commit) goes to the primary, never to a lagging replica. `budget`
 * is what the request may still take from the connection pool.
 */
export interface RequestScope {
  primary: boolean;
  budget?: RequestBudget;
  /** A query with many root fields (heavyOperationsPlugin): all its checkouts share the heavy part of the pool. */
  heavy?: boolean;
}

export interface DatabaseBudget {
  /** Pooled connections one request may hold at once; its further checkouts wait for its own to come back. */
  connections: number;
  /** Total time one request may hold pooled connections; past it, its next checkout is refused. */
  timeMs: number;
}

/** A counting semaphore: at most `size` holders, the others wait in arrival order. */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly size: number) {}

  acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Like acquire, but gives up after `ms`: resolves false without a place. */
  tryAcquire(ms: number): Promise<boolean> {
    if (this.held < this.size) {
      this.held += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const granted = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(granted), 1);
        resolve(false);
      }, ms);
      this.waiting.push(granted);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held -= 1;
  }
}

/**
 * One request's share of the pool: a connection cap and the time it has held connections, counting the
 * ones it holds now (a statement stuck behind a lock counts while it waits).
 */
export class RequestBudget {
  readonly connections: Semaphore;
  private returnedMs = 0;
  private readonly holding = new Set<{ since: number }>();
  constructor(readonly limits: DatabaseBudget) {
    this.connections = new Semaphore(limits.connections);
  }

  get usedMs(): number {
    const now = performance.now();
    let used = this.returnedMs;
    for (const held of this.holding) used += now - held.since;
    return used;
  }

  get exhausted(): boolean {
    return this.usedMs >= this.limits.timeMs;
  }

  /** Starts the clock for a checked-out connection; the returned function stops it. */
  hold(): () => void {
    const held = { since: performance.now() };
    this.holding.add(held);
    return () => {
      if (this.holding.delete(held)) this.returnedMs += performance.now() - held.since;
    };
  }
}

/** A request used up its database time; what it has not read yet is not read. */
export class DatabaseBudgetExceededError extends DomainError {
  constructor(budget: DatabaseBudget) {
    super(
      ErrorCode.DATABASE_BUDGET_EXCEEDED,
      `This request used its ${budget.timeMs} ms of database time and was stopped. Ask for less in one request (smaller pages, fewer aliases).`,
      { retryable: false },
    );
  }
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

/** Opens the request scope, with a fresh database budget for the request. */
export function requestScope(budget: DatabaseBudget): RequestHandler {
  return (_req, _res, next) => {
    storage.run({ primary: false, budget: new RequestBudget(budget) }, next);
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

export interface HeavyOperationLimits {
  /** A query with at least this many root fields (aliases count) is heavy. */
  rootFields: number;
  /** How many root fields of the operation scan much of the data; two or more make it heavy too. */
  heavyRootFields: (document: DocumentNode, operationName: string | undefined) => number;
  /** Heavy queries executing at once, server-wide; the others wait. */
  concurrent: number;
  /** How long a heavy query waits for its turn before it is refused (SERVICE_UNAVAILABLE, 503). */
  waitMs: number;
}

/**
 * Lets only a few heavy queries execute at once, so twenty of them queue here instead of in the
 * connection pool, in front of everyone else's small reads.
 */
export function heavyOperationsPlugin(limits: HeavyOperationLimits): ApolloServerPlugin {
  const turns = new Semaphore(limits.concurrent);
  return {
    requestDidStart: async () => {
      let holding = false;
      return {
        didResolveOperation: async ({ operation, document, request }) => {
          if (operation?.operation !== 'query') return;
          const many = operation.selectionSet.selections.length >= limits.rootFields;
          if (!many && limits.heavyRootFields(document, request.operationName ?? undefined) < 2) return;
          const scope = storage.getStore();
          if (scope) scope.heavy = true;
          if (!(await turns.tryAcquire(limits.waitMs))) {
            throw new GraphQLError('The server is busy with other large queries. Try again in a moment.', {
              extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true },
            });
          }
          holding = true;
        },
        willSendResponse: async () => {
          if (holding) turns.release();
          holding = false;
        },
      };
    },
  };
}
