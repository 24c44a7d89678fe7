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
}

export function createContext(deps: {
  requestId: string;
  clientRequestId?: string;
  logger: Logger;
  config: Config;
  dataSource: DataSource;
  viewer: Viewer;
  dataEpoch?: number;
  dataChanges?: number;
}): Context {
  const loaders = createLoaders(deps.dataSource);
  const policy = new Policy(deps.viewer, deps.dataSource);
  const access = createAccess(policy, loaders);
  return {
    requestId: deps.requestId,
    clientRequestId: deps.clientRequestId,
    logger: deps.logger,
    config: deps.config,
    viewer: deps.viewer,
    policy,
    access,
    loaders,
    dataEpoch: deps.dataEpoch ?? 0,
    dataChanges: deps.dataChanges ?? 0,
    responseCache: { keep: true },
    services: createServices({
      dataSource: deps.dataSource,
      config: deps.config,
      loaders,
      policy,
      access,
      requestId: deps.requestId,
      clientRequestId: deps.clientRequestId,
    }),
  };
}
