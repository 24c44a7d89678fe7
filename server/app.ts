import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Pool } from 'pg';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { buildAppSchema } from '../schema/build-schema';
import { createTokenVerifier } from './auth/token';
import { authenticate } from './auth/viewer';
import type { Config } from './config';
import { createContext, type Context } from './context';
import { EXPLORER_ASSETS_PATH, explorerAssets, explorerLandingPagePlugin } from './explorer';
import { corsAllowlist, requestTimeout, securityHeaders } from './security/http-guards';
import { inputGuardPlugin, nestingGuard } from './security/input-guard';
import { MAX_RESPONSE_ITEMS } from './security/list-bounds';
import { costLimitPlugin, heavyRootFields, limitValidationRules, responseBudgetPlugin } from './security/query-limits';
import { primaryUrl } from './db/data-source';
import { heavyOperationsPlugin, primaryForMutationsPlugin, requestScope } from './db/request-scope';
import { benchHeaders } from './db/statement-count';
import { ClockChanges } from './cache/clock-changes';
import { grantsOf } from './auth/policy';
import { DataChangeListener, HEARTBEAT_CHANNEL } from './cache/data-changes';
import { EventHub } from './services/events/event-hub';
import { DOMAIN_EVENT_CHANNEL } from './services/events/outbox';
import { startSubscriptionServer, subscriptionsOverSocketOnlyPlugin } from './services/events/subscriptions';
import { scheduleTimeSweep } from './services/events/time-sweep';
import { WebhookWorker } from './services/events/webhooks/webhook-worker';
import { responseCachePlugin, stringifyResult } from './cache/response-cache';
import { createRateLimits } from './security/rate-limit';
import { TrustedDocumentCache, trustedDocumentsPlugin } from './security/trusted-documents';
import { consultationExportsRouter } from './exports/consultation-exports';
import { deliverableExportsRouter } from './exports/deliverable-exports';
import { dashboardDocuments, dashboardRouter } from './dashboard/dashboard';
import { demoSignInRouter } from './auth/demo-sign-in';
import { asUnavailable, errorLoggingPlugin, formatError, unavailableStatusPlugin } from './graphql-errors';
import type { Logger } from './logger';
import { requestLogging } from './request-logging';

export const GRAPHQL_PATH = '/graphql';

/** /readyz answers 503 when the database has not answered SELECT 1 within this long. */
const READY_TIMEOUT_MS = 800;

/** Queries with eight or more root fields (aliases of one field count) run two at a time, server-wide. */
const HEAVY_OPERATIONS = { rootFields: 8, heavyRootFields, concurrent: 2, waitMs: 10_000 };

export interface App {
  readonly httpServer: http.Server;
  /** Starts listening; resolves with the GraphQL endpoint URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  stop(): Promise<void>;
}

export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  /** Reused across apps in tests; built from the resolvers when absent. */
  schema?: GraphQLSchema;
}

export async function createApp({ config, dataSource, logger, schema }: AppDeps): Promise<App> {
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are POSTed and differ per request: hashing each body for an ETag is wasted work.
  app.disable('etag');
  const httpServer = http.createServer(app);
  let stopping = false;
  const verifier = createTokenVerifier(config.auth, logger);
  const rateLimits = createRateLimits(config, logger);
  // Heartbeats go out on their own connection: through the request pool they would wait behind a busy
  // pool, come back late and count the listener as lost exactly when the server is loaded.
  const heartbeats = new Pool({
    connectionString: primaryUrl(dataSource),
    max: 1,
    application_name: 'iza-platform-heartbeat',
  });
  // Once stopping, its connection ends with the pool (a test's database may be dropped under it): not a fault.
  heartbeats.on('error', (error) => {
    if (!stopping) logger.warn({ err: error }, 'heartbeat connection failed');
  });
  // Domain events (server/services/events): committed events reach this instance's subscriptions through
  // the one data-change listener, which also hears the outbox's channel.
  const eventHub = new EventHub(dataSource, logger, config.events.pollMs);
  await eventHub.start();
  // The capability grants as they are: a signed-in request then reads them only after they changed.
  await grantsOf(dataSource);
  const listener = new DataChangeListener({
    url: config.responseCache.listenUrl ?? primaryUrl(dataSource),
    logger,
    sendHeartbeat: (token) => heartbeats.query('SELECT pg_notify($1, $2)', [HEARTBEAT_CHANNEL, token]),
    heartbeatMs: config.responseCache.heartbeatMs,
    channels: { [DOMAIN_EVENT_CHANNEL]: (cursor) => eventHub.notified(cursor) },
  });
  await listener.start();
  const changes = config.responseCache.enabled ? listener : undefined;
  // Deadlines that pass change answers while no row changes: the cache hears of them when they pass.
  const clockChanges = changes && new ClockChanges(dataSource, changes, logger);
  clockChanges?.start();
  const stopSweep = scheduleTimeSweep(dataSource, config.events.sweepSeconds, config.events.retentionDays, logger);
  const webhooks = new WebhookWorker(dataSource, config, logger);
  webhooks.start();
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  const trustedDocuments = new Map([...config.trustedDocuments.documents, ...dashboardDocuments(config)]);

  const appSchema = schema ?? (await buildAppSchema());
  const subscriptions = startSubscriptionServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema: appSchema,
    config,
    dataSource,
    logger,
    verifier,
    hub: eventHub,
    trustedDocuments: config.trustedDocuments.enforce ? trustedDocuments : null,
    // The hops HTTP trusts (TRUST_PROXY), so sockets and requests count a client alike.
    trustProxy: app.get('trust proxy fn'),
  });
  const apollo = new ApolloServer<Context>({
    schema: appSchema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // server/index.ts owns shutdown: drain, close the pool, stop the embedded database, in that order.
    stopOnTerminationSignals: false,
    formatError,
    // Writes answers the response cache keeps serialised as they are (see SerializedData).
    stringifyResult,
    parseOptions: { maxTokens: config.limits.maxTokens },
    // Automatic persisted queries answer only from the registered manifests and the dashboard's own.
    persistedQueries: { cache: new TrustedDocumentCache(trustedDocuments), ttl: null },
    validationRules: limitValidationRules(config.limits),
    plugins: [
      costLimitPlugin(config.limits),
      responseBudgetPlugin(MAX_RESPONSE_ITEMS),
      ...(changes ? [responseCachePlugin(changes, config.responseCache)] : []),
      unavailableStatusPlugin(),
      primaryForMutationsPlugin(),
      heavyOperationsPlugin(HEAVY_OPERATIONS),
      inputGuardPlugin(),
      subscriptionsOverSocketOnlyPlugin(),
      ...(config.trustedDocuments.enforce ? [trustedDocumentsPlugin(trustedDocuments)] : []),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginDisableSuggestions(),
      // No cache hints are used; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      config.explorer ? explorerLandingPagePlugin() : ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin(),
    ],
  });
  await apollo.start();

  app.use(requestLogging(logger, { ignore: (url) => url === '/healthz' || url === '/readyz' }));

  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    // A frozen database or a full pool would hold the probe for seconds; a probe wants an answer now.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([dataSource.query('SELECT 1'), late]);
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    } finally {
      clearTimeout(timer);
    }
  });

  if (config.explorer) app.use(EXPLORER_ASSETS_PATH, explorerAssets());

  if (config.dashboard.enabled) app.use(dashboardRouter(config));
  // The demo-user picker exists only outside production with local tokens: otherwise no route answers.
  if (config.dashboard.demoSignIn) app.use('/dev', rateLimits.perIp, demoSignInRouter({ config, dataSource }));

  app.use(
    '/exports',
    // The same database budget as a GraphQL request: a download is one request.
    requestScope(config.databaseBudget),
    rateLimits.perIp,
    requestTimeout(config.limits.requestTimeoutMs),
    deliverableExportsRouter({ config, dataSource, verifier }),
    consultationExportsRouter({ config, dataSource, verifier }),
  );

  app.use(
    GRAPHQL_PATH,
    requestScope(config.databaseBudget),
    ...(config.benchCountSql ? [benchHeaders()] : []),
    corsAllowlist(config),
    rateLimits.perIp,
    requestTimeout(config.limits.requestTimeoutMs),
    express.json({ limit: config.limits.maxBodyBytes }),
    nestingGuard(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        // Read before anything else: an answer is current as of this epoch (response cache).
        const dataEpoch = changes?.epoch ?? 0;
        const dataChanges = changes?.changes ?? 0;
        return createContext({
          requestId: String(req.id),
          clientRequestId: req.clientRequestId,
          logger: req.log,
          config,
          dataSource,
          viewer: await authenticate(req.headers.authorization, { verifier, dataSource, mode: config.auth.mode }).then(
            async (viewer) => {
              if (viewer.user) await rateLimits.consumeUser(viewer.user.id);
              return viewer;
            },
            (error: unknown) => {
              throw asUnavailable(error);
            },
          ),
          dataEpoch,
          dataChanges,
        });
      },
    }),
  );

  // Body-parser and other HTTP-level failures: a GraphQL-shaped JSON error, never an HTML stack page.
  app.use(
    (
      error: { status?: number; type?: string },
      req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      const message =
        error.type === 'entity.too.large'
          ? 'The request body is too large.'
          : error.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON.'
            : status < 500
              ? 'The request could not be read.'
              : 'Internal server error.';
      if (status >= 500) req.log.error({ err: error }, 'request failed');
      res
        .status(status)
        .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
    },
  );

  return {
    httpServer,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolve(`http://localhost:${address.port}${GRAPHQL_PATH}`);
        });
      });
    },
    async stop() {
      stopping = true;
      // New connections are refused at once: the steps below wait for deliveries in flight (up to the
      // webhook timeout), and a load balancer must see this instance go meanwhile. The drain plugin's own
      // close (in apollo.stop) then still waits for the requests in flight.
      httpServer.close();
      stopSweep();
      await subscriptions.close();
      await webhooks.stop();
      await apollo.stop();
      await eventHub.stop();
      await rateLimits.close();
      await clockChanges?.stop();
      await listener.stop();
      await heartbeats.end();
    },
  };
}
