import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createDataSource, initializeDataSource } from '../../server/db/data-source';
import { buildAppSchema } from '../../schema/build-schema';
import { createTestDatabase, type TestDatabase } from './database';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestApp {
  readonly url: string;
  readonly baseUrl: string;
  readonly config: Config;
  readonly dataSource: DataSource;
  readonly database: TestDatabase;
  /** POSTs an operation as JSON and returns the parsed GraphQL response. */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Counts the SQL statements `fn` causes. */
  countQueries<R>(fn: () => Promise<R>): Promise<{ result: R; count: number; statements: string[] }>;
  close(): Promise<void>;
}

let schema: Promise<GraphQLSchema> | undefined;

/**
 * A real server on a fresh copy of the seeded database, listening on a free port. The response cache
 * is off unless a test asks for it: many tests write straight into the database and read back at
 * once, faster than the change notification may travel (test/e2e/platform/response-cache.test.ts covers it).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { logger?: pino.Logger } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RESPONSE_CACHE: 'false',
    // Background work on a timer (the time sweep, webhook workers) would add statements to the counts
    // tests take; the event tests turn them on.
    EVENTS_SWEEP_SECONDS: '0',
    WEBHOOK_WORKER_INTERVAL_MS: '0',
    ...env,
    DATABASE_URL: database.url,
  });
  let recording: string[] | undefined;
  const dataSource = createDataSource({
    url: database.url,
    poolSize: 5,
    statementTimeoutMs: config.limits.statementTimeoutMs,
    preparedStatements: config.databasePreparedStatements,
    onQuery: (sql) => recording?.push(sql),
  });
  await initializeDataSource(dataSource);
  schema ??= buildAppSchema();
  const logger = options.logger ?? pino({ level: 'silent' });
  const app: App = await createApp({ config, dataSource, logger, schema: await schema });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    baseUrl: url.replace(/\/graphql$/, ''),
    config,
    dataSource,
    database,
    async gql(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return { status: response.status, headers: response.headers, ...body } as GraphQLResponse<any>;
    },
    async countQueries(fn) {
      recording = [];
      try {
        const result = await fn();
        return { result, count: recording.length, statements: recording };
      } finally {
        recording = undefined;
      }
    },
    async close() {
      await app.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
