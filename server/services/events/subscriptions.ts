import type { ApolloServerPlugin } from '@apollo/server';
import { decodeJwt } from 'jose';
import type http from 'node:http';
import proxyAddr from 'proxy-addr';
import { clientKey } from '../../security/client-address';
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { InvalidTokenError, MAX_TOKEN_AGE_MS, type TokenVerifier } from '../../auth/token';
import { authenticate, Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import { createSubscriptionContext } from '../../context';
import { ErrorCode } from '../../errors';
import type { Logger } from '../../logger';
import { formatError } from '../../graphql-errors';
import { costCheck, limitValidationRules } from '../../security/query-limits';
import { documentHash, OPERATION_NOT_TRUSTED } from '../../security/trusted-documents';
import { type EventHub, refreshedViewer } from './event-hub';

/** Close codes a client sees (RFC 6455 and the graphql-ws protocol). */
export const WS_CLOSE = {
  /** The server is shutting down: reconnect elsewhere or later. */
  GOING_AWAY: 1001,
  /** Too many messages per second on this socket. */
  POLICY_VIOLATION: 1008,
  /** A message over WS_MAX_MESSAGE_BYTES (sent by `ws` itself). */
  TOO_BIG: 1009,
  /**
   * The token could not be checked: the identity provider's keys cannot be fetched. The registered "Try Again
   * Later", which the graphql-ws client retries with the same token (4403 says the token was refused).
   */
  TRY_AGAIN_LATER: 1013,
  /** No subscription and no message for WS_IDLE_TIMEOUT_MS. */
  IDLE: 4000,
  /**
   * The bearer token expired: reconnect with a fresh one. Not graphql-ws's 4401 (Unauthorized), which its
   * client takes as final and never retries; this one it retries, asking `connectionParams` anew.
   */
  TOKEN_EXPIRED: 4001,
  /** The token in connectionParams was refused (graphql-ws Forbidden). */
  FORBIDDEN: 4403,
} as const;

interface SocketState {
  viewer: Viewer;
  subscriptions: Set<string>;
  lastActivity: number;
  expiry?: NodeJS.Timeout;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage; state?: SocketState };

function tooMany(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.TOO_MANY_SUBSCRIPTIONS } });
}

/** The token from `connectionParams`: `{ authorization: 'Bearer …' }` (as the HTTP header) or `{ token }`. */
function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  if (typeof value === 'string') return value;
  if (typeof params?.token === 'string') return `Bearer ${params.token}`;
  return undefined;
}

/**
 * When a JWT stops being accepted (read after it was verified): its `exp`, or its `iat` plus the longest
 * age HTTP accepts, whichever comes first (so never further ahead than a timer can wait).
 */
function expiryOf(authorization: string): number | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) return undefined;
  const { exp, iat } = decodeJwt(token);
  const ends = [
    ...(typeof exp === 'number' ? [exp * 1000] : []),
    ...(typeof iat === 'number' ? [iat * 1000 + MAX_TOKEN_AGE_MS] : []),
  ];
  return ends.length > 0 ? Math.min(...ends) : undefined;
}

/** A client error's code, or the masked form of anything else (logged), as HTTP answers it (formatError). */
function asAnswered(error: GraphQLError, logger: Logger, requestId: string): GraphQLFormattedError {
  const formatted = formatError(error.toJSON(), error);
  if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR)
    logger.error({ err: error.originalError ?? error, requestId }, 'subscription failed');
  const { http: _http, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

/**
 * A subscription sent over HTTP: refused with a client error (Apollo would run it as a query, and the
 * subscription field, which resolves only over the socket, would fail as a server error).
 */
export function subscriptionsOverSocketOnlyPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription')
            throw new GraphQLError(
              'Subscriptions run over WebSocket (graphql-ws) on this path; send queries and mutations over HTTP.',
              { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } },
            );
        },
      };
    },
  };
}

export interface SubscriptionServer {
  /** Closes every socket with 1001 (going away) once what was committed has been handed out. */
  close(): Promise<void>;
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws protocol) on the same port and path as /graphql.
 * Sign-in is the bearer token in `connectionParams`; the socket is closed with 4001 when the token
 * expires (clients reconnect with a fresh one and resume from their last cursor). Limits: sockets per
 * client address, subscriptions per socket and per user, message size, idle time and messages per second
 * per socket.
 */
export function startSubscriptionServer(deps: {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  verifier: TokenVerifier;
  hub: EventHub;
  /** With enforcement on, the registered documents: others are refused, as over HTTP. */
  trustedDocuments: ReadonlyMap<string, string> | null;
  /** Express's compiled `trust proxy` rule: which X-Forwarded-For hops to believe. */
  trustProxy: (address: string, hop: number) => boolean;
}): SubscriptionServer {
  const { config, dataSource, logger, verifier, hub } = deps;
  const checkCost = costCheck(config.limits);
  const limits = config.events.ws;
  // Sockets per client (clientKey: the address as HTTP finds it, TRUST_PROXY hops of X-Forwarded-For, an
  // IPv6 host by its /64): anonymous sockets have no per-user limit, so this keeps one client from opening
  // sockets without end. Over the limit the upgrade is refused (503) before a socket exists: a socket closed
  // after it opened would still have its messages handled until the client confirmed the close.
  const perAddress = new Map<string, number>();
  const keyOf = (request: http.IncomingMessage) => clientKey(proxyAddr(request, deps.trustProxy));
  const wss = new WebSocketServer({
    server: deps.httpServer,
    path: deps.path,
    maxPayload: limits.maxMessageBytes,
    verifyClient: (info, accept) => {
      if ((perAddress.get(keyOf(info.req)) ?? 0) < limits.maxConnectionsPerAddress) return accept(true);
      accept(false, 503, 'Too many connections from this address', { 'Retry-After': '10' });
    },
  });
  const perUser = new Map<string, number>();
  const states = new Map<WebSocket, SocketState>();
  wss.on('connection', (socket, request) => {
    const key = keyOf(request);
    perAddress.set(key, (perAddress.get(key) ?? 0) + 1);
    socket.on('close', () => {
      const left = (perAddress.get(key) ?? 1) - 1;
      if (left > 0) perAddress.set(key, left);
      else perAddress.delete(key);
    });
  });

  const idle = setInterval(
    () => {
      const now = Date.now();
      for (const [socket, state] of states)
        if (state.subscriptions.size === 0 && now - state.lastActivity >= limits.idleTimeoutMs)
          socket.close(WS_CLOSE.IDLE, 'Idle timeout');
    },
    Math.min(limits.idleTimeoutMs, 5_000),
  );
  idle.unref();

  const release = (state: SocketState, id: string) => {
    if (!state.subscriptions.delete(id) || !state.viewer.user) return;
    const userId = state.viewer.user.id;
    const left = (perUser.get(userId) ?? 1) - 1;
    if (left > 0) perUser.set(userId, left);
    else perUser.delete(userId);
  };

  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema: deps.schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams);
        let viewer: Viewer;
        try {
          viewer = await authenticate(authorization, { verifier, dataSource, mode: config.auth.mode });
        } catch (error) {
          if (!(error instanceof InvalidTokenError) && !(error instanceof GraphQLError)) throw error;
          // Closed before graphql-ws closes it with 4403 (Forbidden), which then does nothing.
          if (error instanceof GraphQLError && error.extensions.code === ErrorCode.SERVICE_UNAVAILABLE)
            ctx.extra.socket.close(WS_CLOSE.TRY_AGAIN_LATER, 'Sign-in cannot be checked right now');
          return false;
        }
        const expiresAt = authorization ? expiryOf(authorization) : undefined;
        // Expired, though within the clock tolerance HTTP allows: a socket would be closed at once, and a
        // client retrying with the same token would reconnect and be closed again without end.
        if (expiresAt !== undefined && expiresAt <= Date.now()) return false;
        const state: SocketState = { viewer, subscriptions: new Set(), lastActivity: Date.now() };
        if (expiresAt !== undefined) {
          // Checked again when it expires: the socket ends, the client signs in anew and resumes.
          state.expiry = setTimeout(
            () => ctx.extra.socket.close(WS_CLOSE.TOKEN_EXPIRED, 'Token expired'),
            Math.max(0, expiresAt - Date.now()),
          );
          state.expiry.unref();
        }
        ctx.extra.state = state;
        states.set(ctx.extra.socket, state);
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = ctx.extra.state!;
        let document;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          const parseError = error as GraphQLError;
          return [
            new GraphQLError(parseError.message.replace(/^Syntax Error: /, ''), {
              extensions: { code: 'GRAPHQL_PARSE_FAILED' },
            }),
          ];
        }
        if (deps.trustedDocuments && !deps.trustedDocuments.has(documentHash(payload.query)))
          return [
            new GraphQLError(
              'This server only runs registered operations. Send the sha256 of a registered document (persisted query).',
              { extensions: { code: OPERATION_NOT_TRUSTED } },
            ),
          ];
        const errors = validate(deps.schema, document, [...specifiedRules, ...limitValidationRules(config.limits)]);
        // As over HTTP (Apollo): a stable code, and no field suggestions that would map the schema for a prober.
        if (errors.length > 0)
          return errors.map(
            (error) =>
              new GraphQLError(error.message.replace(/ Did you mean .*$/, ''), {
                nodes: error.nodes,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions },
              }),
          );
        const operation = document.definitions.find(
          (d) =>
            d.kind === Kind.OPERATION_DEFINITION && (!payload.operationName || d.name?.value === payload.operationName),
        );
        if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'subscription')
          return [
            new GraphQLError('Send queries and mutations over HTTP; this socket carries subscriptions only.', {
              extensions: { code: ErrorCode.BAD_USER_INPUT },
            }),
          ];
        // The same limits as a request over HTTP: it runs once per event, for as long as the socket lives.
        const refused = checkCost(deps.schema, document, payload.operationName ?? undefined, payload.variables ?? {});
        // Its http status goes with it no further: onError (asAnswered) leaves it out.
        if (refused) return [refused];
        if (state.subscriptions.size >= limits.maxSubscriptionsPerConnection)
          return [tooMany(`At most ${limits.maxSubscriptionsPerConnection} subscriptions per connection.`)];
        const userId = state.viewer.user?.id;
        if (userId && (perUser.get(userId) ?? 0) >= limits.maxSubscriptionsPerUser)
          return [tooMany(`At most ${limits.maxSubscriptionsPerUser} subscriptions per user.`)];
        state.subscriptions.add(id);
        if (userId) perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
        // Rights as they are now: a subscription the hub ended after a change is resubscribed with these.
        const viewer = await refreshedViewer(dataSource, state.viewer);
        return {
          schema: deps.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createSubscriptionContext({
            requestId: `ws-${id}`,
            logger,
            config,
            dataSource,
            viewer,
            eventHub: hub,
          }),
        };
      },
      // Errors leave as over HTTP: a client's with its code, anything else masked and logged.
      onNext: (_ctx, id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((error) => asAnswered(error, logger, `ws-${id}`)) }
          : undefined,
      onError: (_ctx, id, _payload, errors) => errors.map((error) => asAnswered(error, logger, `ws-${id}`)),
      onComplete: (ctx, id) => {
        if (ctx.extra.state) release(ctx.extra.state, id);
      },
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        clearTimeout(state.expiry);
        for (const id of [...state.subscriptions]) release(state, id);
        states.delete(ctx.extra.socket);
      },
    },
    wss,
  );

  // The message rate, decided for each message before graphql-ws sees it, in the order they came. Registered
  // after graphql-ws's own handler so that it can take that handler over: a check beside it would let every
  // message the server reads in one go (a burst of one TCP read) be handled before the socket closes.
  const messages = new RateLimiterMemory({ points: limits.messagesPerSecond, duration: 1 });
  let socketIds = 0;
  wss.on('connection', (socket) => {
    const handlers = socket.listeners('message') as ((data: RawData, isBinary: boolean) => void)[];
    socket.removeAllListeners('message');
    const id = `s${++socketIds}`;
    let decided: Promise<boolean> = Promise.resolve(true);
    socket.on('message', (data, isBinary) => {
      // Each message waits for the decision on the one before: once one is refused, none after it is read.
      decided = decided.then((within) =>
        !within
          ? false
          : messages.consume(id).then(
              () => {
                const state = states.get(socket);
                if (state) state.lastActivity = Date.now();
                for (const handler of handlers) handler.call(socket, data, isBinary);
                return true;
              },
              () => {
                // Reading goes on (the messages are dropped), so the client's close frame ends it at once.
                // Closed after the answers already under way for the messages within the rate.
                setImmediate(() => socket.close(WS_CLOSE.POLICY_VIOLATION, 'Too many messages'));
                return false;
              },
            ),
      );
    });
  });

  return {
    async close() {
      clearInterval(idle);
      // In-flight deliveries first: what has been committed reaches the sockets before they close.
      await Promise.race([hub.drain(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      await server.dispose();
    },
  };
}
