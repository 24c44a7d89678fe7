import type { DataSource } from 'typeorm';
import { createAccess, type Access } from './auth/access';
import { Policy } from './auth/policy';
import type { Viewer } from './auth/viewer';
import type { Config } from './config';
import type { Logger } from './logger';
import { createLoaders, type Loaders } from './loaders';
import { createServices, type Services } from './services';
import type { EventHub } from './services/events/event-hub';

/** What every resolver receives; built fresh for each request. */
export interface Context {
  readonly requestId: string;
  /** The client's own `x-request-id`, if it sent a well-formed one. */
  readonly clientRequestId?: string;
  readonly logger: Logger;
  readonly config: Config;
  readonly viewer: Viewer;
  readonly policy: Policy;
  /** Who may read and change which record, per domain (server/auth/<domain>.access.ts). */
  readonly access: Access;
  readonly loaders: Loaders;
  readonly services: Services;
  /** The data epoch (server/cache/data-changes.ts) when the request arrived, before any read. */
  readonly dataEpoch: number;
  /** The count of table changes heard (DataChangeListener.changes) when the request arrived and its viewer was read. */
  readonly dataChanges: number;
  /**
   * Whether the response cache may keep this answer. A resolver whose answer will not be asked for again
   * (a search on text being typed) says no: storing it costs time and pushes out answers that are reused.
   */
  readonly responseCache: { keep: boolean };
  /** Set for operations over the WebSocket (subscriptions): this instance's event delivery. */
  readonly eventHub?: EventHub;
  /**
   * Set for subscriptions: called before each delivery, so its fields read the data and the rights of
   * that moment, not what an earlier delivery loaded and memoized.
   */
  readonly renew?: () => void;
}

interface ContextDeps {
  requestId: string;
  clientRequestId?: string;
  logger: Logger;
  config: Config;
  dataSource: DataSource;
  viewer: Viewer;
  dataEpoch?: number;
  dataChanges?: number;
}

/** The parts that load and remember: loaders, the policy's memoized scopes, access rules and services. */
function readingParts(deps: ContextDeps): Pick<Context, 'policy' | 'access' | 'loaders' | 'services'> {
  const loaders = createLoaders(deps.dataSource);
  const policy = new Policy(deps.viewer, deps.dataSource);
  const access = createAccess(policy, loaders);
  const services = createServices({
    dataSource: deps.dataSource,
    config: deps.config,
    loaders,
    policy,
    access,
    requestId: deps.requestId,
    clientRequestId: deps.clientRequestId,
  });
  return { policy, access, loaders, services };
}

export function createContext(deps: ContextDeps): Context {
  return {
    requestId: deps.requestId,
    clientRequestId: deps.clientRequestId,
    logger: deps.logger,
    config: deps.config,
    viewer: deps.viewer,
    ...readingParts(deps),
    dataEpoch: deps.dataEpoch ?? 0,
    dataChanges: deps.dataChanges ?? 0,
    responseCache: { keep: true },
  };
}

/**
 * A subscription's context: one per subscription, but its reading parts are built anew after each
 * `renew()` (lazily: a delivery that resolves no nested field builds nothing).
 */
export function createSubscriptionContext(deps: ContextDeps & { eventHub: EventHub }): Context {
  let parts: ReturnType<typeof readingParts> | null = null;
  const current = () => (parts ??= readingParts(deps));
  return {
    requestId: deps.requestId,
    logger: deps.logger,
    config: deps.config,
    viewer: deps.viewer,
    get policy() {
      return current().policy;
    },
    get access() {
      return current().access;
    },
    get loaders() {
      return current().loaders;
    },
    get services() {
      return current().services;
    },
    dataEpoch: 0,
    dataChanges: 0,
    responseCache: { keep: true },
    eventHub: deps.eventHub,
    renew: () => {
      parts = null;
    },
  };
}
