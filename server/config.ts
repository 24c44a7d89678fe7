import path from 'node:path';
import dotenv from 'dotenv';
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
  EMBEDDED_PG_DIR: str({ default: '.data/postgres' }),
  EMBEDDED_PG_PORT: tcpPort({ default: 0 }),
  SEED_ON_START: bool({ default: true }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  GRAPHQL_EXPLORER: bool({ default: undefined }),
  GRAPHQL_INTROSPECTION: bool({ default: undefined }),
  MAX_PAGE_SIZE: num({ default: 100 }),
  SHUTDOWN_TIMEOUT_MS: num({ default: 10_000 }),
};

export interface Config {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  /** Unset: the server starts an embedded PostgreSQL in `embeddedPg.dir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly embeddedPg: { readonly dir: string; readonly port: number };
  readonly seedOnStart: boolean;
  readonly logLevel: string;
  readonly explorer: boolean;
  readonly introspection: boolean;
  readonly maxPageSize: number;
  readonly shutdownTimeoutMs: number;
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
  return Object.freeze({
    nodeEnv: clean.NODE_ENV,
    host: clean.HOST,
    port: clean.PORT,
    databaseUrl: clean.DATABASE_URL,
    databasePoolSize: positive('DATABASE_POOL_SIZE', clean.DATABASE_POOL_SIZE),
    embeddedPg: Object.freeze({ dir: path.resolve(clean.EMBEDDED_PG_DIR), port: clean.EMBEDDED_PG_PORT }),
    seedOnStart: clean.SEED_ON_START,
    logLevel: clean.LOG_LEVEL,
    explorer: clean.GRAPHQL_EXPLORER ?? !production,
    introspection: clean.GRAPHQL_INTROSPECTION ?? !production,
    maxPageSize: positive('MAX_PAGE_SIZE', clean.MAX_PAGE_SIZE),
    shutdownTimeoutMs: positive('SHUTDOWN_TIMEOUT_MS', clean.SHUTDOWN_TIMEOUT_MS),
  });
}
