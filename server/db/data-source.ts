import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { QueryConfig } from 'pg';
import {
  DataSource,
  QueryFailedError,
  type EntityManager,
  type LogLevel,
  type QueryRunner,
  type Logger as TypeOrmLogger,
} from 'typeorm';
import { entities } from '../../entities';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';
import { currentRequestScope, DatabaseBudgetExceededError, Semaphore } from './request-scope';
import { useFastTimestamps } from './timestamps';

/** Where a statement went: the primary, or a read replica. */
export type ReplicationMode = 'master' | 'slave';

export interface DataSourceOptions {
  url: string;
  /**
   * A read replica (DATABASE_REPLICA_URL). Reads of query requests go there; mutations, every read in
   * a mutation's request, transactions, migrations and work outside a request use the primary.
   */
  replicaUrl?: string;
  poolSize?: number;
  /** Cancels any SQL statement running longer than this (PostgreSQL statement_timeout). */
  statementTimeoutMs?: number;
  /** Receives every SQL statement and where it went; tests count them. */
  onQuery?: (sql: string, mode: ReplicationMode) => void;
  /**
   * Hot reads (loaders) and the fixed statements of hot writes (`writeRows`) as named prepared
   * statements, parsed and planned once per connection
   * (default true). Turn off behind a pooler that cannot keep them (PgBouncer before 1.21, or
   * without max_prepared_statements).
   */
  preparedStatements?: boolean;
}

class QueryListener implements TypeOrmLogger {
  constructor(private readonly onQuery: (sql: string, mode: ReplicationMode) => void) {}
  logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    this.onQuery(query, queryRunner?.getReplicationMode() ?? 'master');
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(_level: LogLevel): void {}
}

/** Plain reads that may go to a replica: SELECT / WITH … SELECT, never a locking read. */
const PLAIN_READ = /^\s*(select|with)\b/i;
const LOCKING_OR_WRITE = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b|\b(insert|update|delete)\b/i;

function readsGoToReplica(): boolean {
  const scope = currentRequestScope();
  return scope !== undefined && !scope.primary;
}

export function createDataSource({
  url,
  replicaUrl,
  poolSize = 10,
  statementTimeoutMs,
  onQuery,
  preparedStatements = true,
}: DataSourceOptions): DataSource {
  useFastTimestamps();
  const dataSource = new DataSource({
    type: 'postgres',
    ...(replicaUrl ? { replication: { master: { url }, slaves: [{ url: replicaUrl }] } } : { url }),
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; extensions come from migrations only.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 3_000,
      application_name: 'iza-platform',
      // No JIT compilation: it pays off for long analytic scans, not for an API's statements, yet every
      // statement the planner overestimates (a few did, at national scale) paid 100–300 ms to compile.
      // `options` in DATABASE_URL replaces this.
      options: '-c jit=off',
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    },
    ...(onQuery ? { logging: ['query' as const], logger: new QueryListener(onQuery) } : { logging: false }),
  });
  if (replicaUrl) routeReadsToReplica(dataSource);
  readOptions.set(dataSource, { prepared: preparedStatements, replica: Boolean(replicaUrl) });
  return dataSource;
}

/** The primary's connection URL (for the connection that listens to data changes). */
export function primaryUrl(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string; replication?: { master: { url: string } } };
  return options.replication?.master.url ?? options.url!;
}

const readOptions = new WeakMap<DataSource, { prepared: boolean; replica: boolean }>();
const statementNames = new Map<string, string>();

/** A stable name per SQL text: the same text is the same prepared statement on every connection. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `iza_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`));
  return name;
}

/**
 * Runs a plain read (a fixed SQL text with parameters) the way the loaders need it: as a named
 * prepared statement, so PostgreSQL parses and plans it once per connection instead of on every
 * request; on the replica when the request may read there (same rule as every other read); logged
 * like every TypeORM statement (the statement counts in tests and the benchmark include it).
 * `primary` reads the primary even where the replica would do (identity, roles). `prepared: false`
 * sends it unnamed, for SQL whose text varies with what the client asks (a page size, a list of ids):
 * each text would otherwise stay prepared on every pooled connection for good.
 */
export async function readRows<T = Record<string, unknown>>(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
  where: { primary?: boolean; prepared?: boolean } = {},
): Promise<T[]> {
  const options = readOptions.get(dataSource) ?? { prepared: false, replica: false };
  const replica = options.replica && !where.primary && readsGoToReplica();
  const runner = dataSource.createQueryRunner(replica ? 'slave' : 'master');
  try {
    return await runPrepared<T>(dataSource, runner, options.prepared && where.prepared !== false, sql, parameters);
  } finally {
    await runner.release();
  }
}

/**
 * A fixed SQL text of a write path, inside the caller's transaction, as a named prepared statement
 * (the same reason as `readRows`: hot writes send the same few texts all day).
 */
export async function writeRows<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('writeRows runs inside a transaction');
  const prepared = readOptions.get(manager.dataSource)?.prepared ?? false;
  return runPrepared<T>(manager.dataSource, runner, prepared, sql, parameters);
}

async function runPrepared<T>(
  dataSource: DataSource,
  runner: QueryRunner,
  prepared: boolean,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  if (!prepared) return ((await runner.query(sql, parameters, true)) as { records: T[] }).records;
  const client = (await runner.connect()) as { query(config: QueryConfig): Promise<{ rows: T[] }> };
  dataSource.logger.logQuery(sql, parameters, runner);
  try {
    return (await client.query({ name: statementName(sql), text: sql, values: parameters })).rows;
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, parameters, runner);
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/**
 * The read/write rule with a replica. TypeORM sends query-builder reads (find, loaders) to
 * `defaultReplicationModeForReads()` and everything else (transactions, save, raw `query`) to the
 * primary. Here: query-builder reads and plain raw SELECTs go to the replica only inside a request
 * that is not a mutation; a mutation's request (marked by usePrimaryForThisRequest) reads its own
 * writes from the primary, and so does work outside any request (migrations, seeding, health checks).
 */
function routeReadsToReplica(dataSource: DataSource): void {
  dataSource.defaultReplicationModeForReads = () => (readsGoToReplica() ? 'slave' : 'master');
  const query = dataSource.query.bind(dataSource);
  dataSource.query = (async (sql: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
    if (queryRunner || !readsGoToReplica() || !PLAIN_READ.test(sql) || LOCKING_OR_WRITE.test(sql)) {
      return query(sql, parameters, queryRunner);
    }
    const replica = dataSource.createQueryRunner('slave');
    try {
      return await replica.query(sql, parameters);
    } finally {
      await replica.release();
    }
  }) as DataSource['query'];
}

/**
 * Initialises the data source and gives every pooled connection a standing error listener: when the
 * server goes away, pg emits 'error' on connections that are checked out but between queries, and an
 * unhandled 'error' event would end the process. Queries still fail and reconnect as usual.
 */
export async function initializeDataSource(
  dataSource: DataSource,
  onError: (error: Error) => void = () => {},
): Promise<DataSource> {
  await dataSource.initialize();
  const driver = dataSource.driver as unknown as { master?: Pool; slaves?: Pool[] };
  const pool = driver.master;
  // The connection TypeORM opened while initialising already exists; later ones announce themselves.
  for (const client of pool?._clients ?? []) client.on('error', onError);
  pool?.on('connect', (client: EventEmitter) => client.on('error', onError));
  for (const each of [pool, ...(driver.slaves ?? [])]) if (each) budgetCheckouts(each);
  return dataSource;
}

type Release = (error?: Error | boolean) => void;
type ConnectCallback = (error: Error | undefined, client?: { release: Release }, release?: Release) => void;
interface Pool extends EventEmitter {
  _clients?: EventEmitter[];
  options: { max: number };
  connect(callback: ConnectCallback): void;
}

/** A request that has held connections this long counts as heavy and shares the heavy part of the pool. */
const HEAVY_AFTER_MS = 200;

/**
 * Every checkout a request makes goes through its budget (server/db/request-scope.ts): at most
 * `connections` at once, refused once its database time is used up. Requests that have already held
 * connections for HEAVY_AFTER_MS share half the pool between them, so twenty heavy requests leave the
 * other half to everyone else's short reads. Checkouts outside a request (migrations, health) pass.
 */
function budgetCheckouts(pool: Pool): void {
  const connect = pool.connect.bind(pool) as (callback: ConnectCallback) => void;
  const heavy = new Semaphore(Math.max(1, Math.floor(pool.options.max / 2)));
  pool.connect = ((callback?: ConnectCallback) => {
    const budget = currentRequestScope()?.budget;
    if (!callback || !budget) return (connect as (callback?: ConnectCallback) => unknown)(callback);
    if (budget.exhausted) {
      callback(new DatabaseBudgetExceededError(budget.limits));
      return;
    }
    const scope = currentRequestScope();
    const share = (scope?.heavy || budget.usedMs >= HEAVY_AFTER_MS) && !scope?.primary ? heavy : undefined;
    void (async () => {
      await budget.connections.acquire();
      await share?.acquire();
      const returned = () => {
        share?.release();
        budget.connections.release();
      };
      if (budget.exhausted) {
        returned();
        callback(new DatabaseBudgetExceededError(budget.limits));
        return;
      }
      connect((error, client, release) => {
        if (error || !client || !release) {
          returned();
          callback(error);
          return;
        }
        const stop = budget.hold();
        let done = false;
        // pg's own pool.query releases through client.release, TypeORM through the callback: both count once.
        const counted: Release = (releaseError) => {
          if (!done) {
            done = true;
            stop();
            returned();
          }
          release(releaseError);
        };
        client.release = counted;
        callback(undefined, client, counted);
      });
    })();
  }) as Pool['connect'];
}
