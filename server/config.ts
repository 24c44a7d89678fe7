import path from 'node:path';
import dotenv from 'dotenv';
import { loadTrustedDocuments } from './security/trusted-documents';
import { bool, cleanEnv, makeValidator, num, str, EnvError, EnvMissingError } from 'envalid';

/** Raised when an environment variable is missing or malformed; the entry point prints it as one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

const postgresUrl = makeValidator<string>((input) => {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new EnvError('must be a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new EnvError(`must use the postgres:// scheme, got "${url.protocol}"`);
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new EnvError('must name a host');
  }
  return input;
});

/** A TCP port; 0 lets the system pick a free one. */
const tcpPort = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(String(input).trim()) || value > 65535) throw new EnvError('must be a port number from 0 to 65535');
  return value;
});

const specs = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
  HOST: str({ default: '0.0.0.0' }),
  PORT: tcpPort({ default: 4000 }),
  DATABASE_URL: postgresUrl({ default: undefined }),
  DATABASE_POOL_SIZE: num({ default: 10 }),
  DATABASE_PREPARED_STATEMENTS: bool({ default: true }),
  DATABASE_REPLICA_URL: postgresUrl({ default: undefined }),
  DATABASE_LISTEN_URL: postgresUrl({ default: undefined }),
  EMBEDDED_PG_DIR: str({ default: '.data/postgres' }),
  EMBEDDED_PG_PORT: tcpPort({ default: 0 }),
  SEED_ON_START: bool({ default: true }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  GRAPHQL_EXPLORER: bool({ default: undefined }),
  GRAPHQL_INTROSPECTION: bool({ default: undefined }),
  MAX_PAGE_SIZE: num({ default: 100 }),
  MAX_QUERY_DEPTH: num({ default: 12 }),
  MAX_QUERY_ALIASES: num({ default: 30 }),
  MAX_QUERY_DIRECTIVES: num({ default: 20 }),
  MAX_QUERY_TOKENS: num({ default: 5000 }),
  MAX_QUERY_COST: num({ default: 100_000 }),
  MAX_BODY_BYTES: num({ default: 102_400 }),
  REQUEST_TIMEOUT_MS: num({ default: 15_000 }),
  DB_STATEMENT_TIMEOUT_MS: num({ default: 10_000 }),
  DB_REQUEST_CONNECTIONS: num({ default: 3 }),
  DB_REQUEST_TIME_BUDGET_MS: num({ default: 10_000 }),
  RATE_LIMIT_IP_PER_MINUTE: num({ default: 1200 }),
  RATE_LIMIT_USER_PER_MINUTE: num({ default: 600 }),
  RATE_LIMIT_WINDOW_SECONDS: num({ default: 60 }),
  REDIS_URL: str({ default: undefined }),
  CORS_ORIGINS: str({ default: '' }),
  TRUST_PROXY: num({ default: 0 }),
  TRUSTED_DOCUMENTS: str({ default: '' }),
  TRUSTED_DOCUMENTS_ENFORCE: bool({ default: undefined }),
  AUTH_MODE: str({ choices: ['local', 'oidc'], default: 'local' }),
  AUTH_JWT_SECRET: str({ default: undefined }),
  AUTH_ISSUER: str({ default: 'iza-platform' }),
  AUTH_AUDIENCE: str({ default: 'iza-platform' }),
  OIDC_ISSUER: str({ default: undefined }),
  OIDC_JWKS_URI: str({ default: undefined }),
  OIDC_CLIENT_ID: str({ default: undefined }),
  OIDC_SCOPE: str({ default: 'openid email profile' }),
  DASHBOARD: bool({ default: true }),
  SEED_DEMO_USERS: bool({ default: undefined }),
  SHUTDOWN_TIMEOUT_MS: num({ default: 10_000 }),
  RESPONSE_CACHE: bool({ default: true }),
  RESPONSE_CACHE_MAX_MB: num({ default: 32 }),
  RESPONSE_CACHE_TTL_SECONDS: num({ default: 300 }),
  RESPONSE_CACHE_HEARTBEAT_MS: num({ default: 2000 }),
  BENCH_COUNT_SQL: bool({ default: false }),
  EVENTS_SWEEP_SECONDS: num({ default: 300 }),
  EVENT_RETENTION_DAYS: num({ default: 90 }),
  EVENTS_POLL_MS: num({ default: 5_000 }),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: num({ default: 20 }),
  WS_MAX_SUBSCRIPTIONS_PER_USER: num({ default: 50 }),
  WS_MAX_CONNECTIONS_PER_ADDRESS: num({ default: 200 }),
  WS_MAX_MESSAGE_BYTES: num({ default: 16_384 }),
  WS_IDLE_TIMEOUT_MS: num({ default: 120_000 }),
  WS_MESSAGES_PER_SECOND: num({ default: 20 }),
  WEBHOOK_TIMEOUT_MS: num({ default: 5_000 }),
  WEBHOOK_MAX_RESPONSE_BYTES: num({ default: 65_536 }),
  WEBHOOK_MAX_ATTEMPTS: num({ default: 8 }),
  WEBHOOK_BACKOFF_BASE_MS: num({ default: 30_000 }),
  WEBHOOK_DISABLE_AFTER_FAILURES: num({ default: 20 }),
  WEBHOOK_WORKER_INTERVAL_MS: num({ default: 1_000 }),
  WEBHOOK_LOG_RETENTION_DAYS: num({ default: 30 }),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool({ default: false }),
};

export interface Config {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  /** Unset: the server starts an embedded PostgreSQL in `embeddedPg.dir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** What one request may take from the pool (server/db/request-scope.ts). */
  readonly databaseBudget: { readonly connections: number; readonly timeMs: number };
  /** Hot reads as named prepared statements (off behind poolers that cannot keep them). */
  readonly databasePreparedStatements: boolean;
  /** A read replica for queries; mutations (and every read in a mutation's request) use DATABASE_URL. */
  readonly databaseReplicaUrl: string | undefined;
  readonly embeddedPg: { readonly dir: string; readonly port: number };
  readonly seedOnStart: boolean;
  readonly logLevel: string;
  readonly explorer: boolean;
  readonly introspection: boolean;
  readonly maxPageSize: number;
  readonly shutdownTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly limits: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxDirectives: number;
    readonly maxTokens: number;
    readonly maxCost: number;
    readonly listCost: number;
    readonly maxBodyBytes: number;
    readonly requestTimeoutMs: number;
    readonly statementTimeoutMs: number;
  };
  readonly rateLimit: {
    /** Requests per window per client address, and per signed-in user. */
    readonly ipPerMinute: number;
    readonly userPerMinute: number;
    readonly windowSeconds: number;
    readonly redisUrl: string | undefined;
  };
  /** Origins allowed to call the API from a browser; empty: none (same-origin only). */
  readonly corsOrigins: readonly string[];
  /** Proxies in front of the API whose X-Forwarded-For is trusted (for per-IP limits); 0: none. */
  readonly trustProxy: number;
  /** Registered operations (sha256 → document) from the manifests in TRUSTED_DOCUMENTS. */
  readonly trustedDocuments: { readonly documents: ReadonlyMap<string, string>; readonly enforce: boolean };
  /** Domain events (server/services/events): sweeps, subscriptions over WebSocket, webhooks. */
  readonly events: {
    /** How often the time sweep runs (health from passing dates, milestones due soon); 0: never. */
    readonly sweepSeconds: number;
    /** Subscribers also read the outbox this often, in case a notification was missed. */
    readonly pollMs: number;
    /** Days the outbox keeps an event (pruned by the sweep); 0: forever. */
    readonly retentionDays: number;
    readonly ws: {
      readonly maxSubscriptionsPerConnection: number;
      readonly maxSubscriptionsPerUser: number;
      /** Open sockets from one client address (as TRUST_PROXY finds it). */
      readonly maxConnectionsPerAddress: number;
      readonly maxMessageBytes: number;
      readonly idleTimeoutMs: number;
      readonly messagesPerSecond: number;
    };
    readonly webhooks: {
      readonly timeoutMs: number;
      readonly maxResponseBytes: number;
      readonly maxAttempts: number;
      readonly backoffBaseMs: number;
      readonly disableAfterFailures: number;
      /** How often a worker looks for due deliveries; 0: no worker in this process. */
      readonly workerIntervalMs: number;
      /** Tests only: allow http:// and private, loopback and link-local targets. */
      readonly allowPrivateTargets: boolean;
      /** Days a finished delivery (and its attempts) stays in the log. */
      readonly logRetentionDays: number;
    };
  };
  /** Load the demo users listed in the README (default: on except in production). */
  readonly seedDemoUsers: boolean;
  /**
   * The web dashboard at `/` (web/, built into dist/dashboard). With AUTH_MODE=oidc it signs in at the
   * issuer as the public client `oidcClientId` (authorization code + PKCE); with local tokens outside
   * production it offers a picker of the demo users instead.
   */
  readonly dashboard: {
    readonly enabled: boolean;
    readonly oidcClientId: string | undefined;
    readonly oidcScope: string;
    readonly demoSignIn: boolean;
  };
  /** Benchmark only: count SQL statements and report them in response headers (server/db/statement-count.ts). */
  /**
   * Whole answers to queries kept while no write has committed since (see server/cache); off with a
   * read replica, whose lag would let an answer outlive the change it missed.
   */
  readonly responseCache: {
    readonly enabled: boolean;
    readonly maxBytes: number;
    readonly ttlSeconds: number;
    /** A session connection for change notifications (LISTEN); unset: the primary's URL. */
    readonly listenUrl: string | undefined;
    /** How often the listener proves it still hears commits; silent for this long, the cache pauses. */
    readonly heartbeatMs: number;
  };
  readonly benchCountSql: boolean;
}

export type AuthConfig =
  | { readonly mode: 'local'; readonly secret: string; readonly issuer: string; readonly audience: string }
  | { readonly mode: 'oidc'; readonly issuer: string; readonly jwksUri: string | undefined; readonly audience: string };

/** Development-only signing secret, so tokens survive restarts; production must set its own. */
export const DEVELOPMENT_JWT_SECRET = 'iza-platform-development-secret-not-for-production';

/**
 * Secrets anyone can read (the development default and every example in README.md and .env.example):
 * with one of them anyone could sign an operator's token, so production refuses them. A unit test fails
 * when those files show a secret that is missing here.
 */
export const PUBLIC_JWT_SECRETS: readonly string[] = [DEVELOPMENT_JWT_SECRET];

function authConfig(clean: {
  NODE_ENV: string;
  AUTH_MODE: string;
  AUTH_JWT_SECRET?: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  OIDC_ISSUER?: string;
  OIDC_JWKS_URI?: string;
}): AuthConfig {
  if (clean.AUTH_MODE === 'oidc') {
    if (!clean.OIDC_ISSUER) throw new ConfigError('OIDC_ISSUER', 'is required when AUTH_MODE=oidc');
    for (const [name, value] of [
      ['OIDC_ISSUER', clean.OIDC_ISSUER],
      ['OIDC_JWKS_URI', clean.OIDC_JWKS_URI],
    ] as const) {
      if (value !== undefined && !/^https?:\/\/\S+$/.test(value))
        throw new ConfigError(name, `must be an http(s) URL (got "${value}")`);
      // The signing keys come from there: over plain http anyone on the way could swap them (a provider on
      // this host itself, reached over loopback, is the one exception).
      if (
        value !== undefined &&
        clean.NODE_ENV === 'production' &&
        !value.startsWith('https://') &&
        !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(value)
      )
        throw new ConfigError(name, `must be an https URL in production (got "${value}")`);
    }
    return Object.freeze({
      mode: 'oidc',
      issuer: clean.OIDC_ISSUER,
      jwksUri: clean.OIDC_JWKS_URI,
      audience: clean.AUTH_AUDIENCE,
    });
  }
  const secret = clean.AUTH_JWT_SECRET ?? (clean.NODE_ENV === 'production' ? undefined : DEVELOPMENT_JWT_SECRET);
  if (!secret) throw new ConfigError('AUTH_JWT_SECRET', 'is required in production when AUTH_MODE=local');
  if (secret.length < 32) throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters');
  if (clean.NODE_ENV === 'production' && PUBLIC_JWT_SECRETS.includes(secret.trim()))
    throw new ConfigError(
      'AUTH_JWT_SECRET',
      'is a published example secret, which anyone could sign tokens with; set a random one, e.g. `openssl rand -base64 48`',
    );
  return Object.freeze({ mode: 'local', secret, issuer: clean.AUTH_ISSUER, audience: clean.AUTH_AUDIENCE });
}

/** A whole number from `min` to `max`: 0 is "off" where the README says so, a negative number never. */
function between(variable: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(variable, `must be a whole number from ${min} to ${max}, got "${value}"`);
  return value;
}

/**
 * The shortest outbox retention: the sweep writes some events once by a dedupe key while their window lasts
 * (a milestone due within 14 days, a round closed within 7), so an event must outlive that window.
 */
const MIN_EVENT_RETENTION_DAYS = 30;

/** 0 keeps events forever; else at least MIN_EVENT_RETENTION_DAYS. */
function retention(value: number): number {
  if (value !== 0 && (!Number.isInteger(value) || value < MIN_EVENT_RETENTION_DAYS))
    throw new ConfigError(
      'EVENT_RETENTION_DAYS',
      `must be 0 (keep every event) or a whole number of at least ${MIN_EVENT_RETENTION_DAYS}, got "${value}"`,
    );
  return between('EVENT_RETENTION_DAYS', value, 0, 36_500);
}

function positive(variable: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(variable, `must be a whole number of at least 1, got "${value}"`);
  return value;
}

/** Adds variables from an optional `.env` file; real environment variables win. */
export function loadDotEnv(): void {
  dotenv.config({ quiet: true });
}

function trustedDocuments(files: string, enforce: boolean | undefined): Config['trustedDocuments'] {
  const paths = files
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  let documents: Map<string, string>;
  try {
    documents = loadTrustedDocuments(paths);
  } catch (error) {
    throw new ConfigError('TRUSTED_DOCUMENTS', (error as Error).message);
  }
  if (enforce && documents.size === 0)
    throw new ConfigError('TRUSTED_DOCUMENTS_ENFORCE', 'needs TRUSTED_DOCUMENTS to name at least one manifest');
  return Object.freeze({ documents, enforce: enforce ?? paths.length > 0 });
}

function redisUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^rediss?:\/\/\S+$/.test(value))
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL (got "${value}")`);
  return value;
}

function corsOrigins(value: string): string[] {
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be a comma-separated list of origins such as https://portal.example.org (got "${origin}")`,
      );
    }
  }
  return origins;
}

/** Reads and validates the environment once; the result is frozen. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = cleanEnv(env, specs, {
    reporter: ({ errors }) => {
      const [variable, error] = Object.entries(errors)[0] ?? [];
      if (!variable || !error) return;
      const value = env[variable];
      const shown = value === undefined || error.message.includes(`"${value}"`) ? '' : ` (got "${value}")`;
      const reason = error instanceof EnvMissingError ? 'is required' : `${error.message}${shown}`;
      throw new ConfigError(variable, reason);
    },
  });
  const production = clean.NODE_ENV === 'production';
  // Demo accounts (an operator among them) are unlinked: the first identity-provider sign-in with their
  // address would take them over.
  if (production && clean.SEED_DEMO_USERS)
    throw new ConfigError('SEED_DEMO_USERS', 'must not be true in production: the demo accounts include an operator');
  const seedDemoUsers = clean.SEED_DEMO_USERS ?? !production;
  return Object.freeze({
    nodeEnv: clean.NODE_ENV,
    host: clean.HOST,
    port: clean.PORT,
    databaseUrl: clean.DATABASE_URL,
    databasePoolSize: positive('DATABASE_POOL_SIZE', clean.DATABASE_POOL_SIZE),
    databaseBudget: Object.freeze({
      connections: positive('DB_REQUEST_CONNECTIONS', clean.DB_REQUEST_CONNECTIONS),
      timeMs: positive('DB_REQUEST_TIME_BUDGET_MS', clean.DB_REQUEST_TIME_BUDGET_MS),
    }),
    databasePreparedStatements: clean.DATABASE_PREPARED_STATEMENTS,
    databaseReplicaUrl: clean.DATABASE_REPLICA_URL,
    embeddedPg: Object.freeze({ dir: path.resolve(clean.EMBEDDED_PG_DIR), port: clean.EMBEDDED_PG_PORT }),
    seedOnStart: clean.SEED_ON_START,
    logLevel: clean.LOG_LEVEL,
    explorer: clean.GRAPHQL_EXPLORER ?? !production,
    introspection: clean.GRAPHQL_INTROSPECTION ?? !production,
    maxPageSize: positive('MAX_PAGE_SIZE', clean.MAX_PAGE_SIZE),
    shutdownTimeoutMs: positive('SHUTDOWN_TIMEOUT_MS', clean.SHUTDOWN_TIMEOUT_MS),
    auth: authConfig(clean),
    limits: Object.freeze({
      maxDepth: positive('MAX_QUERY_DEPTH', clean.MAX_QUERY_DEPTH),
      maxAliases: positive('MAX_QUERY_ALIASES', clean.MAX_QUERY_ALIASES),
      maxDirectives: positive('MAX_QUERY_DIRECTIVES', clean.MAX_QUERY_DIRECTIVES),
      maxTokens: positive('MAX_QUERY_TOKENS', clean.MAX_QUERY_TOKENS),
      maxCost: positive('MAX_QUERY_COST', clean.MAX_QUERY_COST),
      listCost: 10,
      maxBodyBytes: positive('MAX_BODY_BYTES', clean.MAX_BODY_BYTES),
      requestTimeoutMs: positive('REQUEST_TIMEOUT_MS', clean.REQUEST_TIMEOUT_MS),
      statementTimeoutMs: positive('DB_STATEMENT_TIMEOUT_MS', clean.DB_STATEMENT_TIMEOUT_MS),
    }),
    rateLimit: Object.freeze({
      ipPerMinute: positive('RATE_LIMIT_IP_PER_MINUTE', clean.RATE_LIMIT_IP_PER_MINUTE),
      userPerMinute: positive('RATE_LIMIT_USER_PER_MINUTE', clean.RATE_LIMIT_USER_PER_MINUTE),
      windowSeconds: positive('RATE_LIMIT_WINDOW_SECONDS', clean.RATE_LIMIT_WINDOW_SECONDS),
      redisUrl: redisUrl(clean.REDIS_URL),
    }),
    corsOrigins: Object.freeze(corsOrigins(clean.CORS_ORIGINS)),
    // Hops of proxies in front: more than a few would believe a client's own X-Forwarded-For.
    trustProxy: between('TRUST_PROXY', clean.TRUST_PROXY, 0, 10),
    trustedDocuments: trustedDocuments(clean.TRUSTED_DOCUMENTS, clean.TRUSTED_DOCUMENTS_ENFORCE),
    seedDemoUsers,
    responseCache: Object.freeze({
      enabled: clean.RESPONSE_CACHE && !clean.DATABASE_REPLICA_URL,
      maxBytes: positive('RESPONSE_CACHE_MAX_MB', clean.RESPONSE_CACHE_MAX_MB) * 1024 * 1024,
      ttlSeconds: positive('RESPONSE_CACHE_TTL_SECONDS', clean.RESPONSE_CACHE_TTL_SECONDS),
      listenUrl: clean.DATABASE_LISTEN_URL,
      heartbeatMs: positive('RESPONSE_CACHE_HEARTBEAT_MS', clean.RESPONSE_CACHE_HEARTBEAT_MS),
    }),
    dashboard: Object.freeze({
      enabled: clean.DASHBOARD,
      oidcClientId: clean.OIDC_CLIENT_ID,
      oidcScope: clean.OIDC_SCOPE,
      // Signing in without a password is for demo accounts on a developer's machine, never production.
      demoSignIn: !production && clean.AUTH_MODE === 'local' && seedDemoUsers,
    }),
    benchCountSql: clean.BENCH_COUNT_SQL,
    events: Object.freeze({
      sweepSeconds: between('EVENTS_SWEEP_SECONDS', clean.EVENTS_SWEEP_SECONDS, 0, 86_400),
      pollMs: positive('EVENTS_POLL_MS', clean.EVENTS_POLL_MS),
      retentionDays: retention(clean.EVENT_RETENTION_DAYS),
      ws: Object.freeze({
        maxSubscriptionsPerConnection: positive(
          'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
          clean.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
        ),
        maxSubscriptionsPerUser: positive('WS_MAX_SUBSCRIPTIONS_PER_USER', clean.WS_MAX_SUBSCRIPTIONS_PER_USER),
        maxConnectionsPerAddress: positive('WS_MAX_CONNECTIONS_PER_ADDRESS', clean.WS_MAX_CONNECTIONS_PER_ADDRESS),
        maxMessageBytes: positive('WS_MAX_MESSAGE_BYTES', clean.WS_MAX_MESSAGE_BYTES),
        idleTimeoutMs: positive('WS_IDLE_TIMEOUT_MS', clean.WS_IDLE_TIMEOUT_MS),
        messagesPerSecond: positive('WS_MESSAGES_PER_SECOND', clean.WS_MESSAGES_PER_SECOND),
      }),
      webhooks: Object.freeze({
        timeoutMs: positive('WEBHOOK_TIMEOUT_MS', clean.WEBHOOK_TIMEOUT_MS),
        maxResponseBytes: positive('WEBHOOK_MAX_RESPONSE_BYTES', clean.WEBHOOK_MAX_RESPONSE_BYTES),
        maxAttempts: positive('WEBHOOK_MAX_ATTEMPTS', clean.WEBHOOK_MAX_ATTEMPTS),
        backoffBaseMs: positive('WEBHOOK_BACKOFF_BASE_MS', clean.WEBHOOK_BACKOFF_BASE_MS),
        disableAfterFailures: positive('WEBHOOK_DISABLE_AFTER_FAILURES', clean.WEBHOOK_DISABLE_AFTER_FAILURES),
        workerIntervalMs: between('WEBHOOK_WORKER_INTERVAL_MS', clean.WEBHOOK_WORKER_INTERVAL_MS, 0, 3_600_000),
        allowPrivateTargets: clean.WEBHOOK_ALLOW_PRIVATE_TARGETS && !production,
        logRetentionDays: positive('WEBHOOK_LOG_RETENTION_DAYS', clean.WEBHOOK_LOG_RETENTION_DAYS),
      }),
    }),
  });
}
